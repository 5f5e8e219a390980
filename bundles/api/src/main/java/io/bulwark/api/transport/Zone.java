package io.bulwark.api.transport;

/** The two sides of the appliance: the SIP trunk / Internet and the PBX / UC system. */
public enum Zone {
    /** The SIP trunk or Internet side; everything here is untrusted. */
    OUTSIDE,
    /** The PBX side; its addresses must never be shown to {@link #OUTSIDE}. */
    INSIDE;

    /** @return the other zone */
    public Zone opposite() {
        return this == OUTSIDE ? INSIDE : OUTSIDE;
    }

    /** @return the lower-case name used in configuration ({@code outside} or {@code inside}) */
    public String configName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    /**
     * @param name {@code outside} or {@code inside}, any case
     * @return the zone
     * @throws IllegalArgumentException naming the value when it is neither
     */
    public static Zone fromConfigName(String name) {
        for (Zone z : values()) {
            if (z.name().equalsIgnoreCase(name == null ? "" : name.trim())) {
                return z;
            }
        }
        throw new IllegalArgumentException("zone must be 'outside' or 'inside', got '" + name + "'");
    }
}
