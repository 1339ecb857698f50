package io.herald.client;

import io.herald.wire.frame.CloseCode;
import java.net.URI;
import java.util.random.RandomGenerator;

/**
 * Where and when to reconnect (PROTOCOL.md close codes): the next edge of the rotation, after a
 * short random spread for 1001 (the edge is shutting down: go elsewhere now, but not all clients at
 * once), never on its own for 4001 (the token is refused: retrying with it is futile), and after
 * the exponential backoff for anything else (1000, 1006, 1009, 4008, 4029, …). A connection that
 * stayed open for {@code stableAfter} resets the backoff. Not thread-safe: used on the client's
 * loop.
 */
final class ReconnectPolicy {

    /** {@link #delayAfterClose} of a close that must not be retried automatically. */
    static final long STOP = -1;

    private final Backoff backoff;
    private final EdgeRotation rotation;
    private final long goingAwayDelayMillis;
    private final long stableAfterMillis;
    private long connectedAt = -1;

    ReconnectPolicy(HeraldClientConfig config, RandomGenerator random) {
        this.backoff =
                new Backoff(
                        config.initialBackoff().toMillis(),
                        config.maxBackoff().toMillis(),
                        config.backoffMultiplier(),
                        config.jitter(),
                        random);
        this.rotation = new EdgeRotation(config.edges(), random);
        this.goingAwayDelayMillis = config.goingAwayDelay().toMillis();
        this.stableAfterMillis = config.stableAfter().toMillis();
    }

    /** The edge to try next. */
    URI nextEdge() {
        return rotation.next();
    }

    /** A connection opened at {@code now}. */
    void connected(long now) {
        connectedAt = now;
    }

    /** A fresh start (e.g. after an authentication failure): back to the initial delay. */
    void reset() {
        backoff.reset();
        connectedAt = -1;
    }

    /**
     * The delay before reconnecting after the connection ended with {@code code} at {@code now}
     * (1006 when it failed without a close frame, including a failed connect), or {@link #STOP}.
     */
    long delayAfterClose(int code, long now) {
        if (connectedAt >= 0 && now - connectedAt >= stableAfterMillis) {
            backoff.reset();
        }
        connectedAt = -1;
        if (code == CloseCode.UNAUTHENTICATED.code()) {
            return STOP;
        }
        if (code == CloseCode.GOING_AWAY.code()) {
            return backoff.spreadMillis(goingAwayDelayMillis);
        }
        return backoff.nextDelayMillis();
    }
}
