package io.bulwark.api.decision;

import io.bulwark.api.transport.Zone;
import java.net.InetSocketAddress;
import org.osgi.annotation.versioning.ProviderType;

/**
 * Per-method rate limits (INVITE, REGISTER, OPTIONS, other requests) per source, consulted by
 * the transport for every framed message before it is decoded. The implementation looks only at
 * the first bytes of the start line (RFC 3261 section 7.1), answers in nanoseconds, allocates
 * nothing and never blocks. Responses are always let through: they are limited by the
 * {@link AdmissionGate} and by the transaction layer.
 */
@ProviderType
public interface MethodRateGate {

    /**
     * @param zone the zone it arrived in
     * @param source the sender
     * @param message the framed message (only its first bytes are read; never modified)
     * @return true to let the message in; false drops it silently
     */
    boolean admitMethod(Zone zone, InetSocketAddress source, byte[] message);
}
