package io.herald.client;

import io.herald.wire.frame.FrameCodec;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * Immutable configuration of a {@link HeraldClient}; build it with {@link #builder(List)}.
 *
 * @param edges edge URLs ({@code ws://host:port/ws} or {@code wss://…}); the client uses one at a
 *     time, starting at a random one, and moves to the next on every reconnect
 * @param token supplier of the JWT sent in an {@code auth} frame right after each connect, or null
 *     when the edges run without authentication; called on every (re)connect, so it may refresh
 * @param connectTimeout WebSocket opening handshake timeout; default 5 s
 * @param initialBackoff delay before the first retry after a failure; default 250 ms
 * @param maxBackoff upper bound of any retry delay; default 10 s
 * @param backoffMultiplier growth of the delay per consecutive failure; default 2
 * @param jitter fraction of each delay that is random, 0 (none) to 1 (full jitter); default 0.5
 * @param goingAwayDelay after close code 1001 (edge shutting down) the client reconnects to the
 *     next edge after a random delay up to this, spreading a crowd of clients; default 250 ms
 * @param stableAfter a connection open at least this long resets the backoff; default 5 s
 * @param heartbeatInterval the client pings after this long without any frame from the edge; {@link
 *     Duration#ZERO} disables it; default 20 s
 * @param heartbeatTimeout reconnect when no frame follows that ping within this; default 10 s
 * @param publishTimeout a publish without ack after this fails with {@code PUBLISH_TIMEOUT};
 *     default 10 s
 * @param maxPendingPublishes the client's own publish queue: publishes queued or awaiting their ack
 *     before {@code publish} fails fast with {@code OVERLOADED}; default 10,000. The client sends
 *     no more at once than the edge allows (its {@code welcome} says how many), so a larger bound
 *     only queues more locally
 * @param maxQueuedEvents listener events queued for the callback thread before the client stops
 *     reading from the edge; default 10,000
 * @param maxInboundFrameBytes largest frame accepted from the edge; default 1 MiB
 * @param maxOutboundFrameBytes largest frame sent (the edge's frame limit); a larger publish fails
 *     with {@code BAD_REQUEST} without being sent; default 64 KiB
 */
public record HeraldClientConfig(
        List<URI> edges,
        Supplier<String> token,
        Duration connectTimeout,
        Duration initialBackoff,
        Duration maxBackoff,
        double backoffMultiplier,
        double jitter,
        Duration goingAwayDelay,
        Duration stableAfter,
        Duration heartbeatInterval,
        Duration heartbeatTimeout,
        Duration publishTimeout,
        int maxPendingPublishes,
        int maxQueuedEvents,
        int maxInboundFrameBytes,
        int maxOutboundFrameBytes) {

    /**
     * The default {@link #maxPendingPublishes}: 10,000, as the edge's default {@code
     * --max-pending-publishes} (docs/protocol/vectors/limits.json): a second's worth at 5,000 msg/s
     * in exactly-once mode, where an ack waits for a checkpoint, with room to spare.
     */
    public static final int DEFAULT_MAX_PENDING_PUBLISHES = 10_000;

    public HeraldClientConfig {
        edges = List.copyOf(edges);
        if (edges.isEmpty()) {
            throw new IllegalArgumentException("at least one edge URL is required");
        }
        for (URI edge : edges) {
            String scheme = edge.getScheme();
            if (!"ws".equalsIgnoreCase(scheme) && !"wss".equalsIgnoreCase(scheme)) {
                throw new IllegalArgumentException("edge URL must be ws:// or wss://: " + edge);
            }
        }
        positive("connectTimeout", connectTimeout);
        positive("initialBackoff", initialBackoff);
        positive("maxBackoff", maxBackoff);
        nonNegative("goingAwayDelay", goingAwayDelay);
        nonNegative("stableAfter", stableAfter);
        nonNegative("heartbeatInterval", heartbeatInterval);
        positive("heartbeatTimeout", heartbeatTimeout);
        positive("publishTimeout", publishTimeout);
        if (maxBackoff.compareTo(initialBackoff) < 0) {
            throw new IllegalArgumentException("maxBackoff must be >= initialBackoff");
        }
        if (!(backoffMultiplier >= 1.0)) {
            throw new IllegalArgumentException(
                    "backoffMultiplier must be >= 1: " + backoffMultiplier);
        }
        if (!(jitter >= 0.0 && jitter <= 1.0)) {
            throw new IllegalArgumentException("jitter must be in [0, 1]: " + jitter);
        }
        atLeast("maxPendingPublishes", maxPendingPublishes, 1);
        atLeast("maxQueuedEvents", maxQueuedEvents, 1);
        atLeast("maxInboundFrameBytes", maxInboundFrameBytes, 1024);
        atLeast("maxOutboundFrameBytes", maxOutboundFrameBytes, 128);
    }

    /** A builder with the documented defaults for these edges. */
    public static Builder builder(List<URI> edges) {
        return new Builder(edges);
    }

    /** A builder with the documented defaults for these edges. */
    public static Builder builder(URI... edges) {
        return new Builder(List.of(edges));
    }

    private static void positive(String name, Duration d) {
        Objects.requireNonNull(d, name);
        if (d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(name + " must be positive: " + d);
        }
    }

    private static void nonNegative(String name, Duration d) {
        Objects.requireNonNull(d, name);
        if (d.isNegative()) {
            throw new IllegalArgumentException(name + " must not be negative: " + d);
        }
    }

    private static void atLeast(String name, int value, int min) {
        if (value < min) {
            throw new IllegalArgumentException(name + " must be >= " + min + ": " + value);
        }
    }

    /** Builds a {@link HeraldClientConfig}; every setter overrides one documented default. */
    public static final class Builder {
        private final List<URI> edges;
        private Supplier<String> token;
        private Duration connectTimeout = Duration.ofSeconds(5);
        private Duration initialBackoff = Duration.ofMillis(250);
        private Duration maxBackoff = Duration.ofSeconds(10);
        private double backoffMultiplier = 2.0;
        private double jitter = 0.5;
        private Duration goingAwayDelay = Duration.ofMillis(250);
        private Duration stableAfter = Duration.ofSeconds(5);
        private Duration heartbeatInterval = Duration.ofSeconds(20);
        private Duration heartbeatTimeout = Duration.ofSeconds(10);
        private Duration publishTimeout = Duration.ofSeconds(10);
        private int maxPendingPublishes = DEFAULT_MAX_PENDING_PUBLISHES;
        private int maxQueuedEvents = 10_000;
        private int maxInboundFrameBytes = 1024 * 1024;
        private int maxOutboundFrameBytes = FrameCodec.DEFAULT_MAX_FRAME_BYTES;

        private Builder(List<URI> edges) {
            this.edges = List.copyOf(edges);
        }

        public Builder token(String token) {
            Objects.requireNonNull(token, "token");
            this.token = () -> token;
            return this;
        }

        public Builder token(Supplier<String> token) {
            this.token = token;
            return this;
        }

        public Builder connectTimeout(Duration v) {
            this.connectTimeout = v;
            return this;
        }

        public Builder backoff(Duration initial, Duration max, double multiplier, double jitter) {
            this.initialBackoff = initial;
            this.maxBackoff = max;
            this.backoffMultiplier = multiplier;
            this.jitter = jitter;
            return this;
        }

        public Builder goingAwayDelay(Duration v) {
            this.goingAwayDelay = v;
            return this;
        }

        public Builder stableAfter(Duration v) {
            this.stableAfter = v;
            return this;
        }

        public Builder heartbeat(Duration interval, Duration timeout) {
            this.heartbeatInterval = interval;
            this.heartbeatTimeout = timeout;
            return this;
        }

        public Builder publishTimeout(Duration v) {
            this.publishTimeout = v;
            return this;
        }

        public Builder maxPendingPublishes(int v) {
            this.maxPendingPublishes = v;
            return this;
        }

        public Builder maxQueuedEvents(int v) {
            this.maxQueuedEvents = v;
            return this;
        }

        public Builder maxInboundFrameBytes(int v) {
            this.maxInboundFrameBytes = v;
            return this;
        }

        public Builder maxOutboundFrameBytes(int v) {
            this.maxOutboundFrameBytes = v;
            return this;
        }

        public HeraldClientConfig build() {
            return new HeraldClientConfig(
                    edges,
                    token,
                    connectTimeout,
                    initialBackoff,
                    maxBackoff,
                    backoffMultiplier,
                    jitter,
                    goingAwayDelay,
                    stableAfter,
                    heartbeatInterval,
                    heartbeatTimeout,
                    publishTimeout,
                    maxPendingPublishes,
                    maxQueuedEvents,
                    maxInboundFrameBytes,
                    maxOutboundFrameBytes);
        }
    }
}
