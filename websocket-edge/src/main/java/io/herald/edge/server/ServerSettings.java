package io.herald.edge.server;

import java.nio.file.Path;
import java.util.Objects;
import java.util.Set;

/**
 * Where and how the edge listens.
 *
 * @param host address to bind
 * @param port TCP port (0 = any free port)
 * @param ioThreads event loop threads (0 = number of cores; at most 64)
 * @param staticDir directory served at {@code /}, or null
 * @param maxConnections WebSocket connections held at once; an upgrade beyond gets HTTP 503
 * @param allowedOrigins lower-case origins whose pages may open a WebSocket (HTTP 403 for others);
 *     empty = any
 * @param tls certificate chain and key: the port speaks TLS only; null = plain TCP
 */
public record ServerSettings(
        String host,
        int port,
        int ioThreads,
        Path staticDir,
        int maxConnections,
        Set<String> allowedOrigins,
        TlsFiles tls) {
    public ServerSettings {
        Objects.requireNonNull(host, "host");
        allowedOrigins = Set.copyOf(allowedOrigins);
    }
}
