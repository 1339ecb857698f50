package io.herald.edge.session;

import io.herald.wire.frame.ClientFrame;
import io.herald.wire.frame.EdgeLimits;
import java.time.Duration;
import java.util.Objects;

/**
 * What one connection is allowed, and its timers: the only configuration a connection (and the
 * pipeline around it) reads. Built once by the composition root from the edge's options, which
 * validated them.
 *
 * @param maxFrameBytes largest inbound WebSocket message (close 1009 above it)
 * @param maxSubjects most subjects one connection may subscribe to ({@code TOO_MANY_SUBJECTS})
 * @param outboundBufferBytes outbound buffer limit (the high water mark; close 4008 above it)
 * @param maxPendingPublishes most unacknowledged publishes ({@code OVERLOADED})
 * @param maxRequestsPerSecond sustained inbound frames per second (every frame: data, continuation,
 *     ping, pong), bursts of twice that (close 4029)
 * @param maxPublishSubjectsPerMinute most distinct subjects one connection may publish to per
 *     minute ({@code TOO_MANY_SUBJECTS})
 * @param publishTimeout how long a publish waits for its sequenced record ({@code PUBLISH_TIMEOUT})
 * @param pingInterval inbound silence after which the edge pings
 * @param idleTimeout inbound silence after which the connection is closed (1000)
 * @param httpRequestTimeout time to send a complete HTTP request (or upgrade) after opening or
 *     after the last request, else the connection is closed
 * @param authTimeout with authentication on, how long a connection may stay unauthenticated (close
 *     4001)
 */
public record ConnectionLimits(
        int maxFrameBytes,
        int maxSubjects,
        int outboundBufferBytes,
        int maxPendingPublishes,
        int maxRequestsPerSecond,
        int maxPublishSubjectsPerMinute,
        Duration publishTimeout,
        Duration pingInterval,
        Duration idleTimeout,
        Duration httpRequestTimeout,
        Duration authTimeout) {

    public ConnectionLimits {
        Objects.requireNonNull(publishTimeout, "publishTimeout");
        Objects.requireNonNull(pingInterval, "pingInterval");
        Objects.requireNonNull(idleTimeout, "idleTimeout");
        Objects.requireNonNull(httpRequestTimeout, "httpRequestTimeout");
        Objects.requireNonNull(authTimeout, "authTimeout");
    }

    /** What the {@code welcome} frame tells a client. */
    public EdgeLimits toEdgeLimits() {
        return new EdgeLimits(
                maxPendingPublishes, maxRequestsPerSecond, maxFrameBytes, ClientFrame.MAX_BATCH);
    }
}
