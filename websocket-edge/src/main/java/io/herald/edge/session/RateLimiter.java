package io.herald.edge.session;

/**
 * A token bucket: {@code perSecond} requests per second sustained, bursts up to twice that. Time
 * comes from the caller (nanoseconds), so it is tested without sleeping. Not thread-safe: one per
 * connection, on its event loop.
 */
public final class RateLimiter {
    private final double perNano;
    private final double capacity;
    private double tokens;
    private long lastNanos;

    public RateLimiter(int perSecond, long nowNanos) {
        this.perNano = perSecond / 1e9;
        this.capacity = 2.0 * perSecond;
        this.tokens = capacity;
        this.lastNanos = nowNanos;
    }

    /** Takes one token; false when the bucket is empty. */
    public boolean tryAcquire(long nowNanos) {
        tokens = Math.min(capacity, tokens + (nowNanos - lastNanos) * perNano);
        lastNanos = nowNanos;
        if (tokens < 1) {
            return false;
        }
        tokens -= 1;
        return true;
    }
}
