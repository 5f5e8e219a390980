package io.bulwark.sipproxy.proxy;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.osgi.service.metatype.annotations.Option;

/** Configuration of the SIP proxy: {@code etc/io.bulwark.sipproxy.cfg}. */
@ObjectClassDefinition(name = "Bulwark SIP proxy",
        description = "Where calls are relayed: trunk (outside) to PBX (inside) and back.")
public @interface ProxyConfig {

    String PID = "io.bulwark.sipproxy";

    @AttributeDefinition(name = "PBX host", description = "IP address of the PBX that calls from the trunk go to.")
    String pbx_host() default "127.0.0.1";

    @AttributeDefinition(name = "PBX port", min = "1", max = "65535", description = "SIP port of the PBX.")
    int pbx_port() default 5080;

    @AttributeDefinition(name = "PBX transport", options = {@Option(label = "UDP", value = "udp"),
            @Option(label = "TCP", value = "tcp"), @Option(label = "TLS", value = "tls")},
            description = "Transport used towards the PBX.")
    String pbx_transport() default "udp";

    @AttributeDefinition(name = "Trunk host", required = false,
            description = "IP address of the trunk provider that calls from the PBX go to; empty = the host of "
                    + "the Request-URI (which must then be an IP address).")
    String trunk_host() default "";

    @AttributeDefinition(name = "Trunk port", min = "1", max = "65535", description = "SIP port of the trunk.")
    int trunk_port() default 5060;

    @AttributeDefinition(name = "Trunk transport", options = {@Option(label = "UDP", value = "udp"),
            @Option(label = "TCP", value = "tcp"), @Option(label = "TLS", value = "tls")},
            description = "Transport used towards the trunk.")
    String trunk_transport() default "udp";

    @AttributeDefinition(name = "Malformed messages before a report", min = "1", max = "100000",
            description = "A source sending this many malformed messages within the window is reported as a"
                    + " sip.malformed security event (which the ban policy turns into a ban).")
    int malformed_report_threshold() default 5;

    @AttributeDefinition(name = "Malformed message window (s)", min = "1", max = "86400",
            description = "The window in which malformed messages of one source are counted.")
    int malformed_report_window_seconds() default 60;

    @AttributeDefinition(name = "Max-Forwards", min = "1", max = "255",
            description = "Max-Forwards put on requests that carry none.")
    int max_forwards() default 70;

    @AttributeDefinition(name = "Transaction timeout (ms)", min = "1000", max = "64000",
            description = "Timer B / F of RFC 3261: a request with no final answer by then gets 408.")
    int transaction_timeout_ms() default 32000;

    @AttributeDefinition(name = "Dialog idle timeout (s)", min = "60", max = "86400",
            description = "Dialog and contact state unused for this long is dropped.")
    int dialog_idle_timeout_seconds() default 7200;

    @AttributeDefinition(name = "Traced Call-IDs", min = "0", max = "100000",
            description = "How many of the most recent Call-IDs the message trace keeps (for the ladder diagrams "
                    + "of security events); the oldest goes first. 0 turns tracing off.")
    int trace_call_ids() default 2000;

    @AttributeDefinition(name = "Traced messages per Call-ID", min = "0", max = "1000",
            description = "How many messages of one Call-ID the trace keeps, the first ones; later ones are "
                    + "counted only. 0 turns tracing off.")
    int trace_messages_per_call() default 32;

    @AttributeDefinition(name = "Anchor media",
            description = "Hand the SDP of calls crossing zones to the media relay (srtp-media), so that media flows "
                    + "through the appliance with each zone's encryption policy. Off: SDP passes as it is (only its "
                    + "o= line hidden), so media addresses of one side reach the other and no encryption policy "
                    + "applies.")
    boolean media_anchoring() default true;
}
