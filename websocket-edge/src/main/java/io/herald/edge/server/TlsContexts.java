package io.herald.edge.server;

import io.netty.handler.ssl.OpenSsl;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import javax.net.ssl.SSLException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Builds the edge's server {@link SslContext} from its PEM files: OpenSSL (BoringSSL, from {@code
 * netty-tcnative-boringssl-static}) where its native library loads, the JDK's TLS otherwise; the
 * log line says which, and why OpenSSL did not load.
 */
final class TlsContexts {
    private static final Logger LOG = LoggerFactory.getLogger(TlsContexts.class);

    private TlsContexts() {}

    /** Throws IllegalArgumentException naming the files when they are no usable chain and key. */
    static SslContext server(TlsFiles files) {
        boolean openSsl = OpenSsl.isAvailable();
        try {
            SslContext context =
                    SslContextBuilder.forServer(
                                    files.certificateChain().toFile(), files.privateKey().toFile())
                            .sslProvider(openSsl ? SslProvider.OPENSSL : SslProvider.JDK)
                            .build();
            if (openSsl) {
                LOG.info(
                        "tls on provider=openssl version={} cert={}",
                        OpenSsl.versionString(),
                        files.certificateChain());
            } else {
                LOG.info(
                        "tls on provider=jdk cert={} openssl_unavailable={}",
                        files.certificateChain(),
                        String.valueOf(OpenSsl.unavailabilityCause()));
            }
            return context;
        } catch (SSLException | IllegalArgumentException e) {
            throw new IllegalArgumentException(
                    "--tls-cert-file/--tls-key-file: not a PEM certificate chain and its PKCS#8 key: "
                            + files.certificateChain()
                            + ", "
                            + files.privateKey()
                            + " ("
                            + e.getMessage()
                            + ")",
                    e);
        }
    }
}
