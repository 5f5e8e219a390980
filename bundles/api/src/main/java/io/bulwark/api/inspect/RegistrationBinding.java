package io.bulwark.api.inspect;

import io.bulwark.api.transport.TransportProtocol;
import java.net.InetAddress;
import java.time.Instant;
import java.util.Objects;

/**
 * A registration the registrar accepted (a 2xx to REGISTER), as the inspectors remember it to
 * tell the phone that owns an address-of-record from someone replacing or removing its binding.
 *
 * @param aor the address-of-record (the To URI of the REGISTER, without parameters, lower case)
 * @param source the address the REGISTER came from
 * @param transport the transport it came over
 * @param tlsIdentity the subject of the peer's TLS certificate, or null
 * @param userAgent the User-Agent header, or null
 * @param contact the first Contact the registrar accepted
 * @param expires when the binding runs out
 */
public record RegistrationBinding(
        String aor,
        InetAddress source,
        TransportProtocol transport,
        String tlsIdentity,
        String userAgent,
        String contact,
        Instant expires) {

    /** @throws NullPointerException naming a missing required field */
    public RegistrationBinding {
        Objects.requireNonNull(aor, "aor");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(transport, "transport");
        Objects.requireNonNull(contact, "contact");
        Objects.requireNonNull(expires, "expires");
    }
}
