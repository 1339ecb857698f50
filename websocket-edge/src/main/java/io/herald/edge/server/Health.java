package io.herald.edge.server;

import java.util.Optional;

/**
 * Whether the edge serves WebSocket clients now: asked by {@code /healthz} and by every WebSocket
 * upgrade. Thread-safe.
 */
@FunctionalInterface
public interface Health {
    /**
     * Empty while the edge serves; otherwise why it does not, in a few words ({@code warming
     * cache}, {@code failed: …}), which {@code /healthz} answers with 503.
     */
    Optional<String> unavailable();
}
