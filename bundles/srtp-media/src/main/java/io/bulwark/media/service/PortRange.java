package io.bulwark.media.service;

/** A {@code first-last} port range from the configuration. */
record PortRange(int first, int last) {

    static PortRange parse(String field, String value) {
        String[] p = value.trim().split("\\s*-\\s*");
        try {
            if (p.length == 2) {
                int a = Integer.parseInt(p[0]);
                int b = Integer.parseInt(p[1]);
                if (a >= 1024 && b <= 65535 && b > a) {
                    return new PortRange(a, b);
                }
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException(field + " must be a range first-last within 1024-65535, got '" + value
                + "'");
    }

    boolean overlaps(PortRange o) {
        return first <= o.last && o.first <= last;
    }
}
