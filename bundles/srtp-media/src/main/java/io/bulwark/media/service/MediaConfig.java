package io.bulwark.media.service;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.osgi.service.metatype.annotations.Option;

/** Configuration of the media relay (PID {@value #PID}). */
@ObjectClassDefinition(name = "Bulwark media relay",
        description = "Anchors the media of calls: addresses and port ranges per zone, encryption policy per zone, "
                + "and how strictly media sources are checked.")
public @interface MediaConfig {

    String PID = "io.bulwark.media";

    @AttributeDefinition(name = "Outside media address", description = "Local address RTP/SRTP of the trunk side "
            + "arrives on, and which the SDP sent to the trunk names (IPv4 or IPv6 literal).")
    String outside_address() default "127.0.0.1";

    @AttributeDefinition(name = "Outside media ports", description = "Port range of the trunk side, e.g. "
            + "30000-31999: one even/odd pair per media line (1024-65535).")
    String outside_ports() default "30000-31999";

    @AttributeDefinition(name = "Inside media address", description = "Local address media of the PBX side arrives on.")
    String inside_address() default "127.0.0.1";

    @AttributeDefinition(name = "Inside media ports", description = "Port range of the PBX side (must not overlap "
            + "the outside range when both addresses are the same).")
    String inside_ports() default "32000-33999";

    @AttributeDefinition(name = "Outside encryption policy", options = {
        @Option(label = "SRTP required (offers without usable SRTP crypto, SDES or DTLS-SRTP, refused with 488, event raised)",
                value = "srtp-required"),
        @Option(label = "SRTP preferred (SRTP offered, plain RTP accepted)", value = "srtp-preferred"),
        @Option(label = "Plain RTP (SRTP still used when the party offers it)", value = "rtp")},
            description = "How media on the trunk side must be protected.")
    String outside_policy() default "srtp-preferred";

    @AttributeDefinition(name = "Inside encryption policy", options = {
        @Option(label = "SRTP required (offers without usable SRTP crypto, SDES or DTLS-SRTP, refused with 488, event raised)",
                value = "srtp-required"),
        @Option(label = "SRTP preferred (SRTP offered, plain RTP accepted)", value = "srtp-preferred"),
        @Option(label = "Plain RTP (SRTP still used when the party offers it)", value = "rtp")},
            description = "How media on the PBX side must be protected.")
    String inside_policy() default "rtp";

    @AttributeDefinition(name = "Outside key exchange", options = {
        @Option(label = "SDES (a=crypto, RFC 4568)", value = "sdes"),
        @Option(label = "DTLS-SRTP (a=fingerprint, RFC 5763/5764)", value = "dtls")},
            description = "How the appliance keys the SRTP it offers to the trunk side, where the policy asks for "
                    + "SRTP. A party that offers DTLS-SRTP itself gets it either way.")
    String outside_keying() default "sdes";

    @AttributeDefinition(name = "Inside key exchange", options = {
        @Option(label = "SDES (a=crypto, RFC 4568)", value = "sdes"),
        @Option(label = "DTLS-SRTP (a=fingerprint, RFC 5763/5764)", value = "dtls")},
            description = "How the appliance keys the SRTP it offers to the PBX side, where the policy asks for SRTP.")
    String inside_keying() default "sdes";

    @AttributeDefinition(name = "SRTP pass-through", description = "SDES crypto goes on unchanged between the "
            + "parties when both do SRTP in the same suite: end-to-end keys, each packet verified (authentication, "
            + "replay) and relayed as it came. Otherwise SRTP is terminated on each leg. For new calls.")
    boolean srtp_passthrough() default false;

    @AttributeDefinition(name = "Idle timeout (s)", min = "10", max = "86400",
            description = "A media line with no packet from either party for this long is closed and its ports freed.")
    int idle_timeout_seconds() default 120;

    @AttributeDefinition(name = "Injection burst", min = "1", max = "100000",
            description = "Packets from non-parties on one leg within the window that raise a media.injection event.")
    int injection_burst() default 10;

    @AttributeDefinition(name = "SRTP failure burst", min = "1", max = "100000",
            description = "SRTP packets failing authentication or replay checks within the window that raise a "
                    + "media.srtp-failure event.")
    int srtp_failure_burst() default 10;

    @AttributeDefinition(name = "Burst window (ms)", min = "100", max = "60000",
            description = "The window of the two bursts above.")
    int burst_window_ms() default 1000;

    @AttributeDefinition(name = "Media I/O threads", min = "0", max = "64",
            description = "Event-loop threads of the media relay (apart from the SIP ones); 0: one per core.")
    int io_threads() default 0;
}
