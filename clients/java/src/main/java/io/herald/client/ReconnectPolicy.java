package io.herald.client;

import io.herald.wire.frame.CloseCode;
import java.net.URI;
import java.util.random.RandomGenerator;

/**
 * Where and when to reconnect, by the close code (PROTOCOL.md; docs/protocol/vectors/codes.json
 * lists the same reaction for every code): the next edge of the rotation, after a short random
 * spread for 1001 (the edge is shutting down: go elsewhere now, but not all clients at once), never
 * on its own for 4001 (the token is refused: retrying with it is futile), and after the exponential
 * backoff for anything else (1000, 1006, 1009, 1011, 4008, 4029, …). A connection that stayed open
 * for {@code stableAfter} resets the backoff, except one closed for overload (4008, 4029): a client
 * the edge sheds keeps backing off. A 1001 on a connection that was not stable yet backs off too,
 * so an edge that keeps closing cannot make clients spin. Not thread-safe: used on the client's
 * loop.
 */
final class ReconnectPolicy {

    /** How a client reconnects after a close code. */
    enum Reconnect {
        /** To the next edge after a short random spread, without growing the backoff. */
        SOON,
        /** To the next edge after the exponential backoff. */
        BACKOFF,
        /** Not on its own: the application must start the client again. */
        NEVER
    }

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
        boolean stable = connectedAt >= 0 && now - connectedAt >= stableAfterMillis;
        connectedAt = -1;
        if (stable && stableResetsBackoff(code)) {
            backoff.reset();
        }
        return switch (reconnectOn(code)) {
            case NEVER -> STOP;
            case SOON ->
                    stable ? backoff.spreadMillis(goingAwayDelayMillis) : backoff.nextDelayMillis();
            case BACKOFF -> backoff.nextDelayMillis();
        };
    }

    /** How to reconnect after {@code code}. */
    static Reconnect reconnectOn(int code) {
        if (code == CloseCode.UNAUTHENTICATED.code()) {
            return Reconnect.NEVER;
        }
        return code == CloseCode.GOING_AWAY.code() ? Reconnect.SOON : Reconnect.BACKOFF;
    }

    /**
     * Whether a stable connection closed with {@code code} resets the backoff: not for overload.
     */
    static boolean stableResetsBackoff(int code) {
        return code != CloseCode.SLOW_CONSUMER.code()
                && code != CloseCode.TOO_MANY_REQUESTS.code()
                && code != CloseCode.UNAUTHENTICATED.code();
    }
}
