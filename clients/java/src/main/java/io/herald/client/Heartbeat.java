package io.herald.client;

/**
 * When to ping a quiet edge and when to give up on it: ping after {@code interval} without any
 * frame; declare the connection dead when no frame follows that ping within {@code timeout}. Pure
 * timing logic on the loop's clock; the loop runs {@link #check} on a timer.
 */
final class Heartbeat {

    /** What a {@link #check} asks the loop to do. */
    enum Action {
        /** Nothing yet; check again after {@link #nextCheckMillis()}. */
        WAIT,
        /** Send a ping now; check again after {@link #nextCheckMillis()}. */
        PING,
        /** No frame since the ping: drop the connection. */
        TIMEOUT
    }

    private final long intervalMillis;
    private final long timeoutMillis;
    private long lastFrameAt;
    private long pingAt = -1;
    private long nextCheckMillis;

    Heartbeat(long intervalMillis, long timeoutMillis) {
        this.intervalMillis = intervalMillis;
        this.timeoutMillis = timeoutMillis;
    }

    /** Whether heartbeats are on (a zero interval turns them off). */
    boolean enabled() {
        return intervalMillis > 0;
    }

    /** A connection opened at {@code now}. */
    void reset(long now) {
        lastFrameAt = now;
        pingAt = -1;
        nextCheckMillis = intervalMillis;
    }

    /** Any frame from the edge proves it alive. */
    void frameReceived(long now) {
        lastFrameAt = now;
    }

    Action check(long now) {
        if (pingAt >= 0 && lastFrameAt < pingAt) {
            if (now - pingAt >= timeoutMillis) {
                return Action.TIMEOUT;
            }
            nextCheckMillis = pingAt + timeoutMillis - now;
            return Action.WAIT;
        }
        pingAt = -1;
        long idle = now - lastFrameAt;
        if (idle >= intervalMillis) {
            pingAt = now;
            nextCheckMillis = timeoutMillis;
            return Action.PING;
        }
        nextCheckMillis = intervalMillis - idle;
        return Action.WAIT;
    }

    /** Delay until the next {@link #check}, at least 1 ms. */
    long nextCheckMillis() {
        return Math.max(1, nextCheckMillis);
    }

    long silentMillis(long now) {
        return now - lastFrameAt;
    }
}
