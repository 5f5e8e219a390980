package io.bulwark.dos.admission;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * Configuration of the admission gate (PID {@value RateLimitingAdmissionGate#PID}). Kept apart
 * from the component class only because it is long. Rates are per second; a burst is how many
 * may come at once.
 */
@ObjectClassDefinition(name = "Bulwark admission gate",
        description = "Rate limits applied to every packet, connection and request before parsing."
                + " Memory is fixed by the table sizes: 24 bytes per slot of the source, prefix,"
                + " allowed and method tables (four method tables), 40 bytes per connection slot;"
                + " about 8 MiB with the defaults, whatever the number of sources.")
public @interface AdmissionConfig {

    /** @return datagrams per second per source address */
    @AttributeDefinition(name = "Per-source rate", min = "0.001",
            description = "Datagrams per second one source address may send (more than 0).")
    double source_rate() default 100;

    /** @return datagrams one source may send at once */
    @AttributeDefinition(name = "Per-source burst", min = "1", description = "Datagrams one source may send at once.")
    int source_burst() default 200;

    /** @return datagrams per second per prefix */
    @AttributeDefinition(name = "Per-prefix rate", min = "0.001",
            description = "Datagrams per second all sources of one prefix (see the prefix lengths) may send.")
    double prefix_rate() default 1000;

    /** @return datagrams one prefix may send at once */
    @AttributeDefinition(name = "Per-prefix burst", min = "1", description = "Datagrams one prefix may send at once.")
    int prefix_burst() default 2000;

    /** @return the IPv4 prefix length sources are grouped by */
    @AttributeDefinition(name = "IPv4 prefix length", min = "8", max = "32",
            description = "IPv4 sources are grouped by this prefix for the per-prefix rate (8 to 32).")
    int prefix_v4_length() default 24;

    /** @return the IPv6 prefix length sources are grouped by */
    @AttributeDefinition(name = "IPv6 prefix length", min = "16", max = "128",
            description = "IPv6 sources are grouped by this prefix for the per-prefix rate (16 to 128).")
    int prefix_v6_length() default 64;

    /** @return packets per second into the outside zone */
    @AttributeDefinition(name = "Outside zone rate", min = "0.001",
            description = "Packets and new connections per second the outside (trunk) zone accepts in all.")
    double zone_outside_rate() default 20_000;

    /** @return packets the outside zone takes at once */
    @AttributeDefinition(name = "Outside zone burst", min = "1")
    int zone_outside_burst() default 40_000;

    /** @return packets per second into the inside zone */
    @AttributeDefinition(name = "Inside zone rate", min = "0.001",
            description = "Packets and new connections per second the inside (PBX) zone accepts in all.")
    double zone_inside_rate() default 50_000;

    /** @return packets the inside zone takes at once */
    @AttributeDefinition(name = "Inside zone burst", min = "1")
    int zone_inside_burst() default 100_000;

    /** @return packets per second into the appliance */
    @AttributeDefinition(name = "Global rate", min = "0.001",
            description = "Packets and new connections per second the appliance accepts in all.")
    double global_rate() default 60_000;

    /** @return packets the appliance takes at once */
    @AttributeDefinition(name = "Global burst", min = "1")
    int global_burst() default 120_000;

    /** @return per-source rate of allow-listed sources */
    @AttributeDefinition(name = "Allow-listed rate", min = "0.001",
            description = "Packets per second an allow-listed source may send, unless its entry names"
                    + " its own rate. Over it, packets are dropped; the source is never banned.")
    double allowed_rate() default 5000;

    /** @return burst of allow-listed sources */
    @AttributeDefinition(name = "Allow-listed burst", min = "1")
    int allowed_burst() default 10_000;

    /** @return new stream connections per second per source */
    @AttributeDefinition(name = "New connections per source", min = "0.001",
            description = "New TCP/TLS connections per second one source may open.")
    double connection_rate() default 5;

    /** @return new connections one source may open at once */
    @AttributeDefinition(name = "New connection burst", min = "1")
    int connection_burst() default 20;

    /** @return open connections per source */
    @AttributeDefinition(name = "Open connections per source", min = "1", max = "1000000",
            description = "TCP/TLS connections one source may hold open.")
    int connection_max_per_source() default 64;

    /** @return half-life of the open-connection count */
    @AttributeDefinition(name = "Connection count half-life (s)", min = "1", max = "86400",
            description = "The open-connection count of a source halves in this time when the transport"
                    + " does not report closes, so a count never sticks (1 to 86400).")
    int connection_half_life_seconds() default 600;

    /** @return INVITEs per second per source */
    @AttributeDefinition(name = "INVITE rate", min = "0.001", description = "INVITE requests per second per source.")
    double method_invite_rate() default 10;

    /** @return REGISTERs per second per source */
    @AttributeDefinition(name = "REGISTER rate", min = "0.001", description = "REGISTER requests per second per source.")
    double method_register_rate() default 10;

    /** @return OPTIONS per second per source */
    @AttributeDefinition(name = "OPTIONS rate", min = "0.001", description = "OPTIONS requests per second per source.")
    double method_options_rate() default 5;

    /** @return other requests per second per source */
    @AttributeDefinition(name = "Other request rate", min = "0.001",
            description = "Requests of every other method per second per source.")
    double method_other_rate() default 50;

    /** @return seconds of a method's rate that may come at once */
    @AttributeDefinition(name = "Method burst (s)", min = "1", max = "3600",
            description = "A source may send this many seconds' worth of a method's rate at once.")
    int method_burst_seconds() default 3;

    /** @return slots of the per-source table */
    @AttributeDefinition(name = "Source table slots", min = "64", max = "16777216",
            description = "Power of two; 24 bytes each. Sources beyond it share an overflow bucket.")
    int source_table_slots() default 131_072;

    /** @return slots of the per-prefix table */
    @AttributeDefinition(name = "Prefix table slots", min = "64", max = "16777216",
            description = "Power of two; 24 bytes each.")
    int prefix_table_slots() default 32_768;

    /** @return slots of the allow-listed source table */
    @AttributeDefinition(name = "Allow-listed table slots", min = "64", max = "16777216",
            description = "Power of two; 24 bytes each.")
    int allowed_table_slots() default 4096;

    /** @return slots of the connection table */
    @AttributeDefinition(name = "Connection table slots", min = "64", max = "16777216",
            description = "Power of two; 40 bytes each.")
    int connection_table_slots() default 32_768;

    /** @return slots of each per-method table */
    @AttributeDefinition(name = "Method table slots", min = "64", max = "16777216",
            description = "Power of two; 24 bytes each, four tables (INVITE, REGISTER, OPTIONS, other).")
    int method_table_slots() default 32_768;
}
