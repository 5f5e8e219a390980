package io.bulwark.transport.netty;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** Configuration of the listeners of one zone: {@code etc/io.bulwark.transport.listener-<zone>.cfg}. */
@ObjectClassDefinition(name = "Bulwark SIP listeners of a zone",
        description = "UDP, TCP and TLS SIP listeners of one zone (outside = trunk, inside = PBX).")
public @interface ZoneListenerConfig {

    String PID = "io.bulwark.transport.listener";

    @AttributeDefinition(name = "Zone", options = {
            @org.osgi.service.metatype.annotations.Option(label = "Outside (trunk / Internet)", value = "outside"),
            @org.osgi.service.metatype.annotations.Option(label = "Inside (PBX)", value = "inside")},
            description = "Which side of the appliance these listeners serve.")
    String zone() default "outside";

    @AttributeDefinition(name = "Bind addresses",
            description = "IPv4 or IPv6 addresses to listen on, e.g. 127.0.0.1 or ::1.")
    String[] bind_addresses() default {"127.0.0.1"};

    @AttributeDefinition(name = "UDP port", min = "0", max = "65535", description = "SIP over UDP; 0 turns it off.")
    int udp_port() default 5060;

    @AttributeDefinition(name = "TCP port", min = "0", max = "65535", description = "SIP over TCP; 0 turns it off.")
    int tcp_port() default 5060;

    @AttributeDefinition(name = "TLS port", min = "0", max = "65535", description = "SIP over TLS; 0 turns it off.")
    int tls_port() default 5061;

    @AttributeDefinition(name = "Advertised host", required = false,
            description = "Address written into Via, Record-Route and Contact for this zone (e.g. the public "
                    + "address behind a NAT). Empty: the first bind address.")
    String advertised_host() default "";

    @AttributeDefinition(name = "Maximum message size", min = "512", max = "262144",
            description = "Largest SIP message accepted, in bytes (headers and body).")
    int max_message_bytes() default 65535;

    @AttributeDefinition(name = "Maximum header count", min = "8", max = "1024",
            description = "Most header lines accepted in one message.")
    int max_header_count() default 128;

    @AttributeDefinition(name = "Maximum line length", min = "80", max = "65535",
            description = "Longest line accepted in a message, in bytes.")
    int max_line_length() default 8192;

    @AttributeDefinition(name = "Idle timeout (s)", min = "1", max = "86400",
            description = "TCP/TLS connections with no traffic for this long are closed.")
    int idle_timeout_seconds() default 300;

    @AttributeDefinition(name = "Maximum connections", min = "1", max = "1000000",
            description = "Cap on open TCP plus TLS connections of this zone, per transport.")
    int max_connections() default 10000;

    @AttributeDefinition(name = "TLS certificate", required = false,
            description = "PEM certificate chain. Empty: etc/bulwark-tls.crt, generated on first start.")
    String tls_certificate() default "";

    @AttributeDefinition(name = "TLS private key", required = false,
            description = "PEM PKCS#8 private key. Empty: etc/bulwark-tls.key, generated on first start.")
    String tls_key() default "";

    @AttributeDefinition(name = "Verify peers' TLS certificates",
            description = "Check the certificate of servers the appliance connects to against the JDK trust store.")
    boolean tls_verify_peer() default false;
}
