package io.herald.edge.server;

import java.nio.file.Path;
import java.util.Objects;

/**
 * Where and how the edge listens.
 *
 * @param host address to bind
 * @param port TCP port (0 = any free port)
 * @param ioThreads event loop threads (0 = number of cores; at most 64)
 * @param staticDir directory served at {@code /}, or null
 */
public record ServerSettings(String host, int port, int ioThreads, Path staticDir) {
    public ServerSettings {
        Objects.requireNonNull(host, "host");
    }
}
