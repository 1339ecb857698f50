package io.herald.client;

import io.herald.wire.frame.EdgeFrame;
import io.herald.wire.frame.EdgeLimits;

/**
 * Keeps a connection's publishes within the edge's limits: no more in flight than its {@code
 * maxPendingPublishes}, no more messages per frame than its {@code maxBatch}, no frame larger than
 * its {@code maxFrameBytes}, and publish frames at most half its {@code framesPerSecond} (the other
 * half is left to subscribes, pings and the edge's burst allowance). Until the edge's {@code
 * welcome} arrives, and with an edge that sends none, it keeps within the limits every edge had
 * before {@code welcome} existed: 100 pending, one message per frame. Time comes from the caller.
 * Not thread-safe: used on the client's loop.
 */
final class PublishPacer {

    /** What an edge that sends no {@code welcome} allows by default, one publish per frame. */
    static final EdgeLimits BEFORE_WELCOME = new EdgeLimits(100, 1000, 64 * 1024, 1);

    private final int maxOutboundFrameBytes;
    private EdgeLimits limits = BEFORE_WELCOME;
    private double tokens;
    private long lastMillis;

    PublishPacer(int maxOutboundFrameBytes) {
        this.maxOutboundFrameBytes = maxOutboundFrameBytes;
    }

    /** A new connection: the limits of an edge that has not said its own yet. */
    void connected(long nowMillis) {
        adopt(BEFORE_WELCOME, nowMillis);
    }

    /** The edge's {@code welcome}. */
    void welcome(EdgeFrame.Welcome welcome, long nowMillis) {
        adopt(welcome.limits(), nowMillis);
    }

    /** Messages the next frame may carry with {@code inFlight} sent and unacknowledged. */
    int room(int inFlight) {
        return Math.max(0, Math.min(limits.maxPendingPublishes() - inFlight, limits.maxBatch()));
    }

    /** The largest frame to send, in UTF-8 bytes. */
    int maxFrameBytes() {
        return Math.min(limits.maxFrameBytes(), maxOutboundFrameBytes);
    }

    /** Whether the edge took batches: it said its limits. */
    boolean batches() {
        return limits.maxBatch() > 1;
    }

    /**
     * Milliseconds until a publish frame may go (0: now, and it is counted as sent), at most half
     * the edge's frame rate, in bursts of at most a tenth of a second's worth.
     */
    long reserveFrame(long nowMillis) {
        double perMilli = rate() / 1000.0;
        tokens = Math.min(burst(), tokens + (nowMillis - lastMillis) * perMilli);
        lastMillis = nowMillis;
        if (tokens >= 1) {
            tokens -= 1;
            return 0;
        }
        return Math.max(1, (long) Math.ceil((1 - tokens) / perMilli));
    }

    private void adopt(EdgeLimits next, long nowMillis) {
        limits = next;
        tokens = burst();
        lastMillis = nowMillis;
    }

    private double rate() {
        return Math.max(1, limits.framesPerSecond() / 2);
    }

    private double burst() {
        return Math.max(1, rate() / 10);
    }
}
