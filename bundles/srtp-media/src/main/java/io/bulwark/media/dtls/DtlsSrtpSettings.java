package io.bulwark.media.dtls;

import java.time.Duration;
import java.util.EnumSet;
import java.util.List;

/**
 * How the appliance runs DTLS-SRTP handshakes.
 *
 * @param profiles the protection profiles offered (as client) or accepted (as server), most
 *     preferred first; as server the appliance picks the first of these the client also offered
 * @param timeout the most a handshake may take from start to finish, retransmissions included
 * @param queueCapacity datagrams from the peer that may wait for the handshake thread; more are
 *     dropped, as the network would drop them, so a flood cannot grow memory
 * @param maxDatagramSize the largest datagram the handshake sends: it fragments its messages to
 *     fit, so they cross paths with a smaller MTU than Ethernet's (1200 leaves room for tunnels)
 */
public record DtlsSrtpSettings(List<SrtpProtectionProfile> profiles, Duration timeout, int queueCapacity,
        int maxDatagramSize) {

    /** Shortest overall timeout: less would not survive one retransmission on a slow path. */
    public static final Duration MIN_TIMEOUT = Duration.ofMillis(100);
    /** Longest overall timeout: a call waits for its keys, so more would only hold resources. */
    public static final Duration MAX_TIMEOUT = Duration.ofSeconds(120);
    /** Most datagrams that may wait. */
    public static final int MAX_QUEUE_CAPACITY = 1024;
    /** Smallest datagram the handshake may be limited to: below it a certificate takes dozens of fragments. */
    public static final int MIN_DATAGRAM_SIZE = 256;
    /** Largest datagram the handshake may send: a UDP payload on a 9000-octet jumbo-frame path. */
    public static final int MAX_DATAGRAM_SIZE = 8972;

    public DtlsSrtpSettings {
        profiles = List.copyOf(profiles);
        if (profiles.isEmpty()) {
            throw new IllegalArgumentException("at least one SRTP protection profile is needed");
        }
        if (EnumSet.copyOf(profiles).size() != profiles.size()) {
            throw new IllegalArgumentException("a protection profile is listed twice: " + profiles);
        }
        if (timeout.compareTo(MIN_TIMEOUT) < 0 || timeout.compareTo(MAX_TIMEOUT) > 0) {
            throw new IllegalArgumentException("handshake timeout " + timeout.toMillis() + " ms; "
                    + MIN_TIMEOUT.toMillis() + " ms to " + MAX_TIMEOUT.toSeconds() + " s");
        }
        if (queueCapacity < 1 || queueCapacity > MAX_QUEUE_CAPACITY) {
            throw new IllegalArgumentException("queue capacity " + queueCapacity + "; 1 to " + MAX_QUEUE_CAPACITY);
        }
        if (maxDatagramSize < MIN_DATAGRAM_SIZE || maxDatagramSize > MAX_DATAGRAM_SIZE) {
            throw new IllegalArgumentException("max datagram size " + maxDatagramSize + "; " + MIN_DATAGRAM_SIZE
                    + " to " + MAX_DATAGRAM_SIZE);
        }
    }

    /**
     * The defaults: AES-128-GCM first (authenticated encryption, and with SRTP_AES128_CM_HMAC_SHA1_80
     * what RFC 8827 section 6.5 makes every WebRTC endpoint implement), then AES-128 with HMAC-SHA1-80
     * (which every DTLS-SRTP endpoint has), AES-256-GCM, and the 32-bit tag last; 10 seconds, which
     * leaves room for four transmissions of a flight at RFC 6347's doubling 1 s timer; 64 datagrams;
     * 1200 octets.
     */
    public static DtlsSrtpSettings defaults() {
        return new DtlsSrtpSettings(List.of(SrtpProtectionProfile.SRTP_AEAD_AES_128_GCM,
                SrtpProtectionProfile.SRTP_AES128_CM_HMAC_SHA1_80, SrtpProtectionProfile.SRTP_AEAD_AES_256_GCM,
                SrtpProtectionProfile.SRTP_AES128_CM_HMAC_SHA1_32), Duration.ofSeconds(10), 64, 1200);
    }

    /** These settings with other profiles, most preferred first. */
    public DtlsSrtpSettings withProfiles(List<SrtpProtectionProfile> preferred) {
        return new DtlsSrtpSettings(preferred, timeout, queueCapacity, maxDatagramSize);
    }

    /** These settings with another overall timeout. */
    public DtlsSrtpSettings withTimeout(Duration overall) {
        return new DtlsSrtpSettings(profiles, overall, queueCapacity, maxDatagramSize);
    }
}
