package io.bulwark.media.dtls;

import java.io.IOException;
import java.util.Hashtable;
import java.util.Vector;
import org.bouncycastle.tls.CertificateRequest;
import org.bouncycastle.tls.ClientCertificateType;
import org.bouncycastle.tls.DefaultTlsClient;
import org.bouncycastle.tls.ProtocolVersion;
import org.bouncycastle.tls.TlsAuthentication;
import org.bouncycastle.tls.TlsCredentials;
import org.bouncycastle.tls.TlsExtensionsUtils;
import org.bouncycastle.tls.TlsSRTPUtils;
import org.bouncycastle.tls.TlsServerCertificate;
import org.bouncycastle.tls.TlsUtils;
import org.bouncycastle.tls.crypto.impl.bc.BcTlsCrypto;

/**
 * The appliance as DTLS 1.2 client ({@code a=setup:active}): offers use_srtp, takes the server's
 * profile, checks the server's certificate against its fingerprint, sends its own certificate when
 * asked (RFC 5763 section 5 has both sides authenticate), and exports the keys at the end.
 * Bouncy Castle calls these methods on the handshake thread, in protocol order.
 */
final class DtlsSrtpClient extends DefaultTlsClient {

    private final DtlsSrtpNegotiation negotiation;

    DtlsSrtpClient(BcTlsCrypto crypto, DtlsSrtpNegotiation negotiation) {
        super(crypto);
        this.negotiation = negotiation;
    }

    @Override
    protected ProtocolVersion[] getSupportedVersions() {
        return ProtocolVersion.DTLSv12.only();
    }

    @Override
    protected int[] getSupportedCipherSuites() {
        return TlsUtils.getSupportedCipherSuites(getCrypto(), DtlsSrtpNegotiation.CLIENT_CIPHER_SUITES);
    }

    /** Bouncy Castle's own limit on the handshake, the time left of the overall timeout. */
    @Override
    public int getHandshakeTimeoutMillis() {
        return negotiation.remainingMillis();
    }

    /** The SRTP keys are exported, which Bouncy Castle allows only with the extended master secret (RFC 7627). */
    @Override
    public boolean requiresExtendedMasterSecret() {
        return true;
    }

    /** What the server may sign its key exchange with: no SHA-1, SHA-224 or DSA. */
    @Override
    @SuppressWarnings("rawtypes")
    protected Vector getSupportedSignatureAlgorithms() {
        return DtlsSrtpNegotiation.acceptedSignatureAlgorithms(context);
    }

    @Override
    @SuppressWarnings("rawtypes") // Bouncy Castle's extension tables are raw
    public Hashtable getClientExtensions() throws IOException {
        Hashtable extensions = TlsExtensionsUtils.ensureExtensionsInitialised(super.getClientExtensions());
        TlsSRTPUtils.addUseSRTPExtension(extensions, negotiation.offer());
        return extensions;
    }

    @Override
    @SuppressWarnings("rawtypes")
    public void processServerExtensions(Hashtable serverExtensions) throws IOException {
        super.processServerExtensions(serverExtensions);
        negotiation.acceptChoice(TlsSRTPUtils.getUseSRTPExtension(serverExtensions));
    }

    @Override
    public TlsAuthentication getAuthentication() {
        return new TlsAuthentication() {
            @Override
            public void notifyServerCertificate(TlsServerCertificate serverCertificate) throws IOException {
                // the ServerHello is in by now: a server that sent no extensions agreed to no profile
                negotiation.requireSelected("the server did not negotiate use_srtp");
                negotiation.checkPeerCertificate(serverCertificate.getCertificate());
            }

            @Override
            public TlsCredentials getClientCredentials(CertificateRequest request) throws IOException {
                for (short type : request.getCertificateTypes()) {
                    if (type == ClientCertificateType.ecdsa_sign) {
                        return negotiation.signer(context, (BcTlsCrypto) getCrypto());
                    }
                }
                return null; // the server takes no ECDSA certificate: it may go on without one, or refuse
            }
        };
    }

    @Override
    public void notifyHandshakeComplete() throws IOException {
        super.notifyHandshakeComplete();
        negotiation.exportKeys(context, DtlsRole.CLIENT);
    }
}
