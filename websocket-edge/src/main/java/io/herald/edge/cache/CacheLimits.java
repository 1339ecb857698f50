package io.herald.edge.cache;

import java.time.Duration;
import java.util.Objects;

/**
 * Bounds of the edge cache: a message leaves when it is older than {@code ttl} (by its sequencing
 * timestamp), when its subject holds more than {@code maxMessagesPerSubject}, or, oldest first
 * across all subjects, when the edge holds more than {@code maxBytes}.
 */
public record CacheLimits(Duration ttl, int maxMessagesPerSubject, long maxBytes) {
    public CacheLimits {
        Objects.requireNonNull(ttl, "ttl");
        if (ttl.isNegative() || ttl.isZero() || maxMessagesPerSubject < 1 || maxBytes < 1) {
            throw new IllegalArgumentException("cache limits must be positive");
        }
    }
}
