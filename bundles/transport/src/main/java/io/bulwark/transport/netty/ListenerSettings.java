package io.bulwark.transport.netty;

import io.bulwark.api.transport.Zone;
import io.bulwark.transport.framing.FramingLimits;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * Validated settings of the listeners of one zone.
 *
 * @param zone the zone
 * @param bindAddresses IPv4 or IPv6 literals to bind
 * @param udpPort UDP port, 0 to disable
 * @param tcpPort TCP port, 0 to disable
 * @param tlsPort TLS port, 0 to disable
 * @param advertisedHost host put in Via, Record-Route and Contact (default: first bind address)
 * @param limits framing limits
 * @param idleTimeoutSeconds close stream connections idle this long
 * @param maxConnections cap on open stream connections of this zone
 * @param tlsCertificate PEM certificate file
 * @param tlsKey PEM PKCS#8 key file
 * @param tlsVerifyPeer check certificates of servers the appliance connects to
 */
public record ListenerSettings(
        Zone zone,
        List<String> bindAddresses,
        int udpPort,
        int tcpPort,
        int tlsPort,
        String advertisedHost,
        FramingLimits limits,
        int idleTimeoutSeconds,
        int maxConnections,
        Path tlsCertificate,
        Path tlsKey,
        boolean tlsVerifyPeer) {

    public ListenerSettings {
        if (bindAddresses == null || bindAddresses.isEmpty()) {
            throw new IllegalArgumentException("bind.addresses must name at least one address");
        }
        for (String a : bindAddresses) {
            if (!isIpLiteral(a)) {
                throw new IllegalArgumentException("bind.addresses: '" + a + "' is not an IPv4 or IPv6 address");
            }
        }
        checkPort("udp.port", udpPort);
        checkPort("tcp.port", tcpPort);
        checkPort("tls.port", tlsPort);
        if (idleTimeoutSeconds <= 0) {
            throw new IllegalArgumentException("idle.timeout.seconds must be > 0, got " + idleTimeoutSeconds);
        }
        if (maxConnections <= 0) {
            throw new IllegalArgumentException("max.connections must be > 0, got " + maxConnections);
        }
        bindAddresses = List.copyOf(bindAddresses);
        if (advertisedHost == null || advertisedHost.isBlank()) {
            advertisedHost = bindAddresses.get(0);
        }
    }

    private static void checkPort(String field, int port) {
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException(field + " must be 0 (off) or 1-65535, got " + port);
        }
    }

    static boolean isIpLiteral(String s) {
        if (s == null || s.isBlank()) {
            return false;
        }
        String t = s.trim();
        if (t.indexOf(':') >= 0) {
            return t.matches("[0-9a-fA-F:.]+");
        }
        String[] parts = t.split("\\.", -1);
        if (parts.length != 4) {
            return false;
        }
        for (String p : parts) {
            if (!p.matches("\\d{1,3}") || Integer.parseInt(p) > 255) {
                return false;
            }
        }
        return true;
    }

    /** @return validated settings; IllegalArgumentException names the bad field */
    static ListenerSettings fromConfig(ZoneListenerConfig c) {
        Path etc = Path.of(System.getProperty("karaf.etc", "etc"));
        Path cert = c.tls_certificate().isBlank() ? etc.resolve("bulwark-tls.crt") : Path.of(c.tls_certificate());
        Path key = c.tls_key().isBlank() ? etc.resolve("bulwark-tls.key") : Path.of(c.tls_key());
        return new ListenerSettings(Zone.fromConfigName(c.zone()),
                Arrays.stream(c.bind_addresses()).map(String::trim).filter(a -> !a.isEmpty()).toList(),
                c.udp_port(), c.tcp_port(), c.tls_port(), c.advertised_host(),
                new FramingLimits(c.max_message_bytes(), c.max_header_count(), c.max_line_length()),
                c.idle_timeout_seconds(), c.max_connections(), cert, key, c.tls_verify_peer());
    }
}
