package io.bulwark.transport.tls;

import io.netty.handler.ssl.ClientAuth;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import io.netty.handler.ssl.util.InsecureTrustManagerFactory;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import javax.net.ssl.SSLException;

/** Builds TLS 1.2+ server and client contexts from PEM files (JDK provider: no native code). */
public final class TlsContexts {

    private static final String[] PROTOCOLS = {"TLSv1.3", "TLSv1.2"};

    private TlsContexts() {
    }

    /**
     * @param certFile PEM certificate chain
     * @param keyFile PEM PKCS#8 private key
     * @return a server context; it asks for no client certificate, since an identity that no
     *     configured trust store has verified must not be handed to inspection as if it were one
     */
    public static SslContext server(Path certFile, Path keyFile) throws IOException {
        try {
            return SslContextBuilder.forServer(certFile.toFile(), keyFile.toFile())
                    .sslProvider(SslProvider.JDK)
                    .protocols(PROTOCOLS)
                    .clientAuth(ClientAuth.NONE)
                    .build();
        } catch (SSLException | IllegalArgumentException e) {
            throw new IOException("cannot load TLS certificate " + certFile + " / key " + keyFile + ": "
                    + e.getMessage(), e);
        }
    }

    /**
     * @param verifyPeer check the server certificate against the JDK trust store
     * @return a client context for connections the appliance opens
     */
    public static SslContext client(boolean verifyPeer, Path certFile, Path keyFile) throws IOException {
        SslContextBuilder b = SslContextBuilder.forClient().sslProvider(SslProvider.JDK).protocols(PROTOCOLS);
        if (!verifyPeer) {
            b.trustManager(InsecureTrustManagerFactory.INSTANCE);
        }
        if (certFile != null && keyFile != null) {
            b.keyManager(certFile.toFile(), keyFile.toFile());
        }
        return b.build();
    }

    /** @return the protocol versions offered */
    public static List<String> protocols() {
        return List.of(PROTOCOLS);
    }
}
