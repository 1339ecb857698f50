package io.herald.edge.server;

import java.nio.file.Path;
import java.util.Objects;

/**
 * The edge's TLS identity: a PEM certificate chain (the edge's certificate first) and its PKCS#8
 * PEM private key.
 */
public record TlsFiles(Path certificateChain, Path privateKey) {
    public TlsFiles {
        Objects.requireNonNull(certificateChain, "certificateChain");
        Objects.requireNonNull(privateKey, "privateKey");
    }
}
