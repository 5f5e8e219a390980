package io.bulwark.api.sip;

import java.util.List;
import org.osgi.annotation.versioning.ProviderType;

/**
 * The recent SIP messages the proxy received and sent, per Call-ID, for ladder diagrams of the
 * dialog or transaction a security event belongs to. Bounded: the oldest Call-IDs are forgotten
 * first, and only the first messages of a long dialog are kept.
 */
@ProviderType
public interface MessageTrace {

    /**
     * @param callId a Call-ID as seen on either side of the appliance (an inside Call-ID the proxy
     *        replaced on the outside finds both sides' messages, and so does the outside one)
     * @return the messages of that Call-ID in the order they were received or sent; empty when
     *         none are held (never seen, forgotten, or tracing off)
     */
    List<TracedMessage> messages(String callId);
}
