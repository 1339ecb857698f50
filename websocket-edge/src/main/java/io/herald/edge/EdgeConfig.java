package io.herald.edge;

import io.herald.cli.Cli;
import io.herald.edge.auth.Authenticator;
import io.herald.edge.auth.TokenRules;
import io.herald.edge.deep.DeepRecoveryLimits;
import io.herald.edge.server.TlsFiles;
import io.herald.kafka.KafkaClientFile;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Everything an edge is configured with, parsed once at the entry point ({@link #parse}, from the
 * options {@link EdgeOptions} defines) and immutable afterwards. Every option has a default that
 * works against the local stack; {@code docs/edge.md} lists them.
 *
 * @param bootstrapServers Kafka bootstrap servers
 * @param kafkaClient {@code --kafka-config}: client properties (SASL, SSL) for every Kafka client
 *     of the edge, or {@link KafkaClientFile#none()}
 * @param host address the WebSocket server binds
 * @param port TCP port (0 = any free port; {@link Edge#port()} tells which)
 * @param sequencedTopic the topic the sequencer writes and the edge reads
 * @param deadLetterTopic the sequencer's dead-letter topic (never publishable)
 * @param sourceTopics topics a client may publish to
 * @param cacheTtl how long a message stays in the cache (by its sequencing timestamp)
 * @param cacheMaxMessages most messages cached per subject
 * @param cacheMaxBytes total cache budget of the edge, in bytes (content plus per-message overhead)
 * @param deepRecovery consumers and limits of deep recoveries (resumes served from the sequenced
 *     topic when the cache no longer reaches back)
 * @param maxStaleness how long the edge may go without proof that it has read everything committed
 *     to the sequenced topic before it stops vouching for being current ({@code /healthz} 503,
 *     WebSocket upgrades refused)
 * @param fetchInterval while messages flow, the sequenced topic is read at most once per interval
 *     (one fetch, one hand-off per event loop); an idle edge's fetch waits in the broker and
 *     returns the first message at once ({@code 0} = read every record as it comes)
 * @param maxFrameBytes largest inbound WebSocket message (close 1009 above it)
 * @param maxSubjects most subjects one connection may subscribe to
 * @param outboundBufferBytes per-connection outbound buffer limit (close 4008 above it)
 * @param publishTimeout how long a publish may wait for its sequenced record before {@code
 *     PUBLISH_TIMEOUT}
 * @param maxPendingPublishes most unacknowledged publishes per connection ({@code OVERLOADED})
 * @param maxRequestsPerSecond sustained inbound frames per second per connection (close 4029)
 * @param maxPublishSubjectsPerMinute distinct subjects one connection may publish to per minute
 *     ({@code TOO_MANY_SUBJECTS})
 * @param pingInterval interval of the edge's WebSocket ping control frames
 * @param idleTimeout a connection silent this long is closed
 * @param httpRequestTimeout a connection that sends no complete HTTP request (or upgrade) for this
 *     long is closed
 * @param ioThreads event loop threads (0 = number of cores)
 * @param staticDir directory served at {@code /}, or null
 * @param auth JWT verification settings ({@link AuthConfig#disabled()} by default)
 * @param transport connection limit, allowed origins and TLS ({@link Transport#defaults()})
 * @param faultDropEvery TEST ONLY: drop every Nth live delivery to clients (0 = off)
 */
public record EdgeConfig(
        String bootstrapServers,
        KafkaClientFile kafkaClient,
        String host,
        int port,
        String sequencedTopic,
        String deadLetterTopic,
        List<String> sourceTopics,
        Duration cacheTtl,
        int cacheMaxMessages,
        long cacheMaxBytes,
        DeepRecoveryLimits deepRecovery,
        Duration maxStaleness,
        Duration fetchInterval,
        int maxFrameBytes,
        int maxSubjects,
        int outboundBufferBytes,
        Duration publishTimeout,
        int maxPendingPublishes,
        int maxRequestsPerSecond,
        int maxPublishSubjectsPerMinute,
        Duration pingInterval,
        Duration idleTimeout,
        Duration httpRequestTimeout,
        int ioThreads,
        Path staticDir,
        AuthConfig auth,
        Transport transport,
        int faultDropEvery) {

    /**
     * JWT settings: an HS256 shared secret (at least {@link Authenticator#MIN_HS256_SECRET_BYTES})
     * and/or an RS256 public key (PEM file), what a token must carry, and how long a connection may
     * stay unauthenticated.
     */
    public record AuthConfig(
            String hs256Secret, Path rs256PublicKey, TokenRules rules, Duration timeout) {
        public AuthConfig {
            Objects.requireNonNull(rules, "rules");
            Objects.requireNonNull(timeout, "timeout");
            require(!timeout.isNegative() && !timeout.isZero(), "auth-timeout must be positive");
            if (hs256Secret != null) {
                try {
                    Authenticator.checkSecretLength(hs256Secret);
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException("--auth-hs256-secret: " + e.getMessage());
                }
            }
        }

        /** Authentication off: every connection may subscribe and publish. */
        public static AuthConfig disabled() {
            return new AuthConfig(null, null, TokenRules.lenient(), Duration.ofSeconds(10));
        }

        /** True when at least one key is configured. */
        public boolean enabled() {
            return hs256Secret != null || rs256PublicKey != null;
        }
    }

    /**
     * What the edge lets in before a connection exists: how many WebSocket connections, from which
     * browser origins, and TLS.
     *
     * @param maxConnections WebSocket connections the edge holds at once (HTTP 503 beyond)
     * @param allowedOrigins origins ({@code scheme://host[:port]}, lower case) whose pages may open
     *     a WebSocket; empty = any
     * @param tls certificate and key to serve {@code wss://} and {@code https://}, or null
     */
    public record Transport(int maxConnections, Set<String> allowedOrigins, TlsFiles tls) {
        /** Heap a WebSocket connection is budgeted when the limit is sized for the heap. */
        public static final long HEAP_BYTES_PER_CONNECTION = 128 * 1024;

        private static final Pattern ORIGIN = Pattern.compile("https?://[^/?#\\s]+");

        public Transport {
            require(maxConnections >= 1, "max-connections must be >= 1");
            Set<String> lower = new HashSet<>();
            for (String o : allowedOrigins) {
                require(
                        ORIGIN.matcher(o).matches(),
                        "allowed-origins: not an origin (scheme://host[:port], no path): " + o);
                lower.add(o.toLowerCase(Locale.ROOT));
            }
            allowedOrigins = Set.copyOf(lower);
        }

        /**
         * The connection limit for a heap of {@code maxHeapBytes}: one per 128 KiB, at least 64.
         */
        public static int connectionsForHeap(long maxHeapBytes) {
            return (int)
                    Math.max(64, Math.min(1_000_000, maxHeapBytes / HEAP_BYTES_PER_CONNECTION));
        }

        /** Any origin, no TLS, the limit sized for this JVM's heap. */
        public static Transport defaults() {
            return new Transport(
                    connectionsForHeap(Runtime.getRuntime().maxMemory()), Set.of(), null);
        }
    }

    /** The least {@link #maxStaleness}: proofs come once a second, and settle a poll later. */
    public static final Duration MIN_STALENESS = Duration.ofSeconds(2);

    /** The longest {@link #fetchInterval}: the most it may add to a message's latency. */
    public static final Duration MAX_FETCH_INTERVAL = Duration.ofSeconds(1);

    public EdgeConfig {
        Objects.requireNonNull(bootstrapServers, "bootstrapServers");
        Objects.requireNonNull(kafkaClient, "kafkaClient");
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(sequencedTopic, "sequencedTopic");
        Objects.requireNonNull(deadLetterTopic, "deadLetterTopic");
        sourceTopics = List.copyOf(sourceTopics);
        Objects.requireNonNull(cacheTtl, "cacheTtl");
        Objects.requireNonNull(deepRecovery, "deepRecovery");
        Objects.requireNonNull(maxStaleness, "maxStaleness");
        Objects.requireNonNull(fetchInterval, "fetchInterval");
        Objects.requireNonNull(publishTimeout, "publishTimeout");
        Objects.requireNonNull(pingInterval, "pingInterval");
        Objects.requireNonNull(idleTimeout, "idleTimeout");
        Objects.requireNonNull(httpRequestTimeout, "httpRequestTimeout");
        Objects.requireNonNull(auth, "auth");
        Objects.requireNonNull(transport, "transport");
        require(port >= 0 && port <= 65535, "port must be 0..65535: " + port);
        require(cacheMaxMessages >= 1, "cache-max-messages must be >= 1");
        require(cacheMaxBytes >= 1024, "cache-max-bytes must be >= 1024");
        require(maxFrameBytes >= 1024, "max-frame-bytes must be >= 1024");
        require(maxSubjects >= 1, "max-subjects must be >= 1");
        require(outboundBufferBytes >= 1024, "outbound-buffer-bytes must be >= 1024");
        require(maxPendingPublishes >= 1, "max-pending-publishes must be >= 1");
        require(maxRequestsPerSecond >= 1, "max-requests-per-second must be >= 1");
        require(maxPublishSubjectsPerMinute >= 1, "max-publish-subjects-per-minute must be >= 1");
        require(ioThreads >= 0 && ioThreads <= 64, "io-threads must be 0..64: " + ioThreads);
        require(faultDropEvery >= 0, "fault-drop-every must be >= 0");
        require(!cacheTtl.isNegative() && !cacheTtl.isZero(), "cache-ttl must be positive");
        require(
                maxStaleness.compareTo(MIN_STALENESS) >= 0,
                "max-staleness must be at least "
                        + MIN_STALENESS.toSeconds()
                        + "s (the edge proves it is caught up once a second)");
        require(
                !fetchInterval.isNegative() && fetchInterval.compareTo(MAX_FETCH_INTERVAL) <= 0,
                "fetch-interval must be 0.." + MAX_FETCH_INTERVAL.toMillis() + "ms");
        require(!publishTimeout.isNegative() && !publishTimeout.isZero(), "publish-timeout > 0");
        require(!pingInterval.isNegative() && !pingInterval.isZero(), "ping-interval > 0");
        require(idleTimeout.compareTo(pingInterval) > 0, "idle-timeout must exceed ping-interval");
        require(
                !httpRequestTimeout.isNegative() && !httpRequestTimeout.isZero(),
                "http-request-timeout > 0");
        require(
                !sourceTopics.contains(sequencedTopic) && !sourceTopics.contains(deadLetterTopic),
                "the sequenced and dead-letter topics can never be source topics");
    }

    /** The defaults: a local edge on 127.0.0.1:8081 reading {@code messages.sequenced}. */
    public static EdgeConfig defaults() {
        return parse(new String[0], Map.of());
    }

    /**
     * Parses command-line flags ({@code --name value} or {@code --name=value}) over environment
     * variables ({@code HERALD_EDGE_NAME} for {@code --name}) over defaults, as {@link EdgeOptions}
     * defines them. Throws {@link io.herald.cli.UsageException} (an IllegalArgumentException) with
     * a message naming the option for an unknown or repeated option or a bad value.
     */
    public static EdgeConfig parse(String[] args, Map<String, String> env) {
        return Cli.parse(new EdgeOptions(), EdgeOptions.ENV_PREFIX, env, args);
    }

    /** Returns a copy listening on {@code port}. */
    public EdgeConfig withPort(int newPort) {
        return new EdgeConfig(
                bootstrapServers,
                kafkaClient,
                host,
                newPort,
                sequencedTopic,
                deadLetterTopic,
                sourceTopics,
                cacheTtl,
                cacheMaxMessages,
                cacheMaxBytes,
                deepRecovery,
                maxStaleness,
                fetchInterval,
                maxFrameBytes,
                maxSubjects,
                outboundBufferBytes,
                publishTimeout,
                maxPendingPublishes,
                maxRequestsPerSecond,
                maxPublishSubjectsPerMinute,
                pingInterval,
                idleTimeout,
                httpRequestTimeout,
                ioThreads,
                staticDir,
                auth,
                transport,
                faultDropEvery);
    }

    private static void require(boolean condition, String message) {
        if (!condition) {
            throw new IllegalArgumentException(message);
        }
    }
}
