package io.bulwark.sipproxy.proxy;

import io.bulwark.api.transport.TransportProtocol;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;

/**
 * Validated proxy settings. Host names are resolved once here, never per message.
 *
 * @param pbx the PBX address
 * @param pbxTransport transport towards the PBX
 * @param trunk the trunk address, or null to route by Request-URI
 * @param trunkTransport transport towards the trunk
 * @param maxForwards Max-Forwards for requests that carry none
 * @param transactionTimeoutMs Timer B / F
 * @param dialogIdleTimeoutMs idle lifetime of dialog and contact state
 */
public record ProxySettings(
        InetSocketAddress pbx,
        TransportProtocol pbxTransport,
        InetSocketAddress trunk,
        TransportProtocol trunkTransport,
        int maxForwards,
        long transactionTimeoutMs,
        long dialogIdleTimeoutMs) {

    /** @return the PBX's address as a literal, as it would appear in a header */
    public String pbxHost() {
        return pbx.getAddress().getHostAddress();
    }

    public ProxySettings {
        if (maxForwards < 1 || maxForwards > 255) {
            throw new IllegalArgumentException("max.forwards must be 1-255, got " + maxForwards);
        }
        if (transactionTimeoutMs < 1000 || transactionTimeoutMs > 64000) {
            throw new IllegalArgumentException("transaction.timeout.ms must be 1000-64000, got " + transactionTimeoutMs);
        }
        if (dialogIdleTimeoutMs < 60_000) {
            throw new IllegalArgumentException("dialog.idle.timeout.seconds must be >= 60");
        }
    }

    /** @return settings from the configuration; IllegalArgumentException names the bad field */
    public static ProxySettings fromConfig(ProxyConfig c) {
        InetSocketAddress pbx = address("pbx.host", c.pbx_host(), "pbx.port", c.pbx_port());
        InetSocketAddress trunk = c.trunk_host().isBlank() ? null
                : address("trunk.host", c.trunk_host(), "trunk.port", c.trunk_port());
        return new ProxySettings(pbx, transport("pbx.transport", c.pbx_transport()), trunk,
                transport("trunk.transport", c.trunk_transport()), c.max_forwards(), c.transaction_timeout_ms(),
                c.dialog_idle_timeout_seconds() * 1000L);
    }

    static InetSocketAddress address(String hostField, String host, String portField, int port) {
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException(portField + " must be 1-65535, got " + port);
        }
        if (host == null || host.isBlank()) {
            throw new IllegalArgumentException(hostField + " must not be empty");
        }
        try {
            return new InetSocketAddress(InetAddress.getByName(host.trim()), port);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(hostField + ": cannot resolve '" + host + "'", e);
        }
    }

    static TransportProtocol transport(String field, String value) {
        TransportProtocol p = TransportProtocol.fromToken(value);
        if (p == null) {
            throw new IllegalArgumentException(field + " must be udp, tcp or tls, got '" + value + "'");
        }
        return p;
    }
}
