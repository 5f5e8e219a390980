package io.bulwark.media.dtls;

import java.io.IOException;
import java.util.Hashtable;
import org.bouncycastle.tls.Certificate;
import org.bouncycastle.tls.CertificateRequest;
import org.bouncycastle.tls.ClientCertificateType;
import org.bouncycastle.tls.DefaultTlsServer;
import org.bouncycastle.tls.ProtocolVersion;
import org.bouncycastle.tls.TlsCredentialedSigner;
import org.bouncycastle.tls.TlsSRTPUtils;
import org.bouncycastle.tls.TlsUtils;
import org.bouncycastle.tls.crypto.impl.bc.BcTlsCrypto;

/**
 * The appliance as DTLS 1.2 server ({@code a=setup:passive}): picks the first configured profile
 * the client offered, signs with the appliance's ECDSA certificate, requires the client's
 * certificate and checks it against the client's fingerprint (RFC 5763 section 5 has both ends
 * present certificates, so the server asks for the client's), and exports the keys at the end. No HelloVerifyRequest cookie:
 * the relay only feeds the handshake datagrams from the party it latched onto.
 */
final class DtlsSrtpServer extends DefaultTlsServer {

    private final DtlsSrtpNegotiation negotiation;

    DtlsSrtpServer(BcTlsCrypto crypto, DtlsSrtpNegotiation negotiation) {
        super(crypto);
        this.negotiation = negotiation;
    }

    @Override
    protected ProtocolVersion[] getSupportedVersions() {
        return ProtocolVersion.DTLSv12.only();
    }

    @Override
    protected int[] getSupportedCipherSuites() {
        return TlsUtils.getSupportedCipherSuites(getCrypto(), DtlsSrtpNegotiation.ECDSA_CIPHER_SUITES);
    }

    @Override
    public int getHandshakeTimeoutMillis() {
        return negotiation.remainingMillis();
    }

    @Override
    public boolean requiresExtendedMasterSecret() {
        return true;
    }

    @Override
    @SuppressWarnings("rawtypes") // Bouncy Castle's extension tables are raw
    public void processClientExtensions(Hashtable clientExtensions) throws IOException {
        super.processClientExtensions(clientExtensions);
        negotiation.chooseProfile(clientExtensions == null ? null : TlsSRTPUtils.getUseSRTPExtension(clientExtensions));
    }

    @Override
    @SuppressWarnings("rawtypes")
    public Hashtable getServerExtensions() throws IOException {
        Hashtable extensions = super.getServerExtensions();
        TlsSRTPUtils.addUseSRTPExtension(extensions, negotiation.answer());
        return extensions;
    }

    @Override
    protected TlsCredentialedSigner getECDSASignerCredentials() throws IOException {
        return negotiation.signer(context, (BcTlsCrypto) getCrypto());
    }

    @Override
    public CertificateRequest getCertificateRequest() {
        short[] types = {ClientCertificateType.ecdsa_sign, ClientCertificateType.rsa_sign};
        return new CertificateRequest(types, DtlsSrtpNegotiation.acceptedSignatureAlgorithms(context), null);
    }

    @Override
    public void notifyClientCertificate(Certificate clientCertificate) throws IOException {
        negotiation.checkPeerCertificate(clientCertificate);
    }

    @Override
    public void notifyHandshakeComplete() throws IOException {
        super.notifyHandshakeComplete();
        negotiation.exportKeys(context, DtlsRole.SERVER);
    }
}
