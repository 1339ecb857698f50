package io.herald.edge;

import io.herald.edge.auth.Authenticator;
import io.herald.edge.cache.CacheLimits;
import io.herald.edge.cache.MessageCache;
import io.herald.edge.deep.DeepRecoveries;
import io.herald.edge.fanout.Hub;
import io.herald.edge.kafka.KafkaClients;
import io.herald.edge.kafka.SequencedConsumer;
import io.herald.edge.metrics.EdgeMetrics;
import io.herald.edge.publish.PublishRegistry;
import io.herald.edge.publish.PublishSender;
import io.herald.edge.server.EdgeServer;
import io.herald.edge.server.ServerSettings;
import io.herald.edge.session.ConnectionLimits;
import io.herald.edge.session.EdgeServices;
import io.herald.edge.session.FaultInjector;
import io.herald.wire.frame.CloseCode;
import io.herald.wire.frame.FrameCodec;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.util.concurrent.Ticker;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running edge: WebSocket server, sequenced-topic consumer, cache and publish path. The
 * composition root: the only class that reads {@link EdgeConfig}; every part gets its own values.
 *
 * <pre>{@code
 * try (Edge edge = Edge.start(EdgeConfig.parse(args, System.getenv()))) {
 *     int port = edge.port();       // listening once start returns
 *     boolean serving = edge.isReady(); // the cache is warm and the edge has not failed
 *     edge.failure().thenAccept(f -> ...); // the edge can no longer do its job
 * }
 * }</pre>
 *
 * <p>A failed {@link #start} releases everything it had started (threads, Kafka clients, event
 * loops, the port). When a thread the edge cannot work without dies (the sequenced-topic consumer,
 * the publish sender), the edge fails: it logs the cause at ERROR, {@code /healthz} answers 503
 * {@code failed: …}, WebSocket upgrades are refused, every client is closed with 1001 (go to
 * another edge and resume), and {@link #failure()} completes. It keeps answering {@code /healthz}
 * until closed; {@link EdgeMain} then exits non-zero.
 *
 * <p>{@link #close()} is the graceful shutdown: stop accepting, close every client with 1001 (they
 * reconnect elsewhere and resume), stop reading Kafka, release everything. Thread-safe.
 */
public final class Edge implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Edge.class);
    private static final long SHUTDOWN_WAIT_MS = 3_000;
    private static final long CONSUMER_STOP_MS = 10_000;
    private static final Duration KAFKA_CLOSE = Duration.ofSeconds(5);

    /** Why an edge can no longer do its job: which part of it stopped, and why. */
    public record Failure(String component, Throwable cause) {
        private static final int MAX_REASON_CHARS = 200;

        /** One line: {@code <component> stopped: <cause>}, for {@code /healthz} and logs. */
        public String reason() {
            String text = (component + " stopped: " + cause).replaceAll("\\s+", " ");
            return text.length() <= MAX_REASON_CHARS
                    ? text
                    : text.substring(0, MAX_REASON_CHARS - 1) + "…";
        }
    }

    private final EdgeConfig config;
    private final String id;
    private final EdgeMetrics metrics = new EdgeMetrics();
    private final CompletableFuture<Failure> failure = new CompletableFuture<>();
    private final EdgeServer server;
    private final SequencedConsumer consumer;
    private final Thread consumerThread;
    private final KafkaProducer<byte[], byte[]> producer;
    private final PublishSender sender;
    private final DeepRecoveries deepRecoveries;
    private final int port;
    private volatile boolean closing;

    private Edge(EdgeConfig config) {
        this.config = config;
        this.id = UUID.randomUUID().toString().substring(0, 8);
        Clock clock = Clock.systemUTC();
        // Checked before anything is started: a bad key file fails here.
        Authenticator authenticator =
                Authenticator.create(
                        config.auth().hs256Secret(),
                        config.auth().rs256PublicKey(),
                        config.auth().rules(),
                        clock);
        StartedParts started = new StartedParts();
        try {
            this.server =
                    new EdgeServer(
                            new ServerSettings(
                                    config.host(),
                                    config.port(),
                                    config.ioThreads(),
                                    config.staticDir(),
                                    config.transport().maxConnections(),
                                    config.transport().allowedOrigins(),
                                    config.transport().tls()),
                            "herald-edge-" + id);
            started.add("event loops", server::shutdown);
            MessageCache cache =
                    new MessageCache(
                            new CacheLimits(
                                    config.cacheTtl(),
                                    config.cacheMaxMessages(),
                                    config.cacheMaxBytes()),
                            clock);
            Hub hub = new Hub(cache, server.eventLoops(), metrics, PooledByteBufAllocator.DEFAULT);
            PublishRegistry publishes = new PublishRegistry();
            this.producer =
                    KafkaClients.publishProducer(
                            config.bootstrapServers(),
                            config.kafkaClient(),
                            config.publishTimeout(),
                            id);
            started.add("publish producer", () -> producer.close(KAFKA_CLOSE));
            this.sender = new PublishSender(producer, publishes, r -> newThread("publisher", r));
            started.add("publish sender", sender::close);
            KafkaConsumer<byte[], byte[]> kafkaConsumer =
                    KafkaClients.sequencedConsumer(
                            config.bootstrapServers(),
                            config.kafkaClient(),
                            id,
                            KafkaClients.LIVE_FETCH_MAX_WAIT);
            started.add("sequenced consumer", () -> kafkaConsumer.close(KAFKA_CLOSE));
            this.consumer =
                    new SequencedConsumer(
                            kafkaConsumer,
                            config.sequencedTopic(),
                            config.cacheTtl(),
                            config.maxStaleness(),
                            config.fetchInterval(),
                            clock,
                            hub,
                            publishes,
                            metrics);
            this.deepRecoveries =
                    new DeepRecoveries(
                            config.deepRecovery(),
                            hub,
                            metrics,
                            config.sequencedTopic(),
                            () ->
                                    KafkaClients.sequencedConsumer(
                                            config.bootstrapServers(),
                                            config.kafkaClient(),
                                            id + "-deep",
                                            KafkaClients.DEEP_FETCH_MAX_WAIT),
                            r -> newThread("deep-recovery", r));
            started.add("deep recoveries", deepRecoveries::close);
            EdgeServices services =
                    new EdgeServices(
                            connectionLimits(config),
                            Set.copyOf(config.sourceTopics()),
                            hub,
                            new FrameCodec(config.maxFrameBytes()),
                            metrics,
                            publishes,
                            sender,
                            authenticator,
                            new FaultInjector(config.faultDropEvery()),
                            deepRecoveries,
                            Ticker.systemTicker());
            EdgeMetrics.Gauges gauges =
                    new EdgeMetrics.Gauges(
                            () -> server.connections().size(),
                            hub::cacheMessages,
                            hub::cacheBytes,
                            hub::cacheSubjects,
                            () -> server.connections().pendingBytes(),
                            () -> isReady() ? 1 : 0,
                            consumer::lagRecords,
                            consumer::stalenessMillis);
            this.port = server.start(services, this::unavailable, () -> metrics.render(gauges));
            started.add("listening socket", server::stopListening);
            this.consumerThread = newThread("consumer", consumer);
            consumerThread.start(); // the last step: from here on, close() releases everything
        } catch (Throwable e) { // Throwable: Netty and Kafka may throw checked ones undeclared
            started.releaseAfter(e);
            throw e;
        }
        if (config.faultDropEvery() > 0) {
            LOG.warn(
                    "TEST-ONLY fault injection on: dropping every {}th live delivery",
                    config.faultDropEvery());
        }
    }

    /**
     * Starts an edge and returns once it listens (the cache warms in the background: see {@link
     * #isReady()}). Throws (IllegalStateException when it cannot listen, IllegalArgumentException
     * for a bad key file, a KafkaException for unusable Kafka settings) after releasing whatever it
     * had started.
     */
    public static Edge start(EdgeConfig config) {
        return new Edge(config);
    }

    /** The part of the configuration a connection uses. */
    private static ConnectionLimits connectionLimits(EdgeConfig config) {
        return new ConnectionLimits(
                config.maxFrameBytes(),
                config.maxSubjects(),
                config.outboundBufferBytes(),
                config.maxPendingPublishes(),
                config.maxRequestsPerSecond(),
                config.maxPublishSubjectsPerMinute(),
                config.publishTimeout(),
                config.pingInterval(),
                config.idleTimeout(),
                config.httpRequestTimeout(),
                config.auth().timeout());
    }

    /** The port the WebSocket server listens on (the chosen one when configured with 0). */
    public int port() {
        return port;
    }

    /** True while the edge serves: its cache is warm, it is not behind, and it has not failed. */
    public boolean isReady() {
        return unavailable().isEmpty();
    }

    /**
     * Completes when the edge can no longer do its job (see the class comment), with what stopped
     * and why. Never completes for an edge that is closed without failing.
     */
    public CompletionStage<Failure> failure() {
        return failure.minimalCompletionStage();
    }

    public EdgeConfig config() {
        return config;
    }

    /** The edge's counters (tests and embedding applications read them directly). */
    public EdgeMetrics metrics() {
        return metrics;
    }

    /** Graceful shutdown: close clients with 1001, stop Kafka, stop the event loops. Idempotent. */
    @Override
    public synchronized void close() {
        if (closing) {
            return;
        }
        closing = true;
        LOG.info("edge shutting down id={} port={}", id, port);
        server.closeConnections(
                CloseCode.GOING_AWAY.code(), "edge shutting down", SHUTDOWN_WAIT_MS);
        consumer.stop();
        try {
            consumerThread.join(CONSUMER_STOP_MS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        deepRecoveries.close();
        sender.close();
        producer.close(KAFKA_CLOSE);
        server.shutdown();
    }

    /** Why the edge does not serve now, or empty when it does. */
    private Optional<String> unavailable() {
        Failure f = failure.getNow(null);
        if (f != null) {
            return Optional.of("failed: " + f.reason());
        }
        return consumer.isReady() ? consumer.behind() : Optional.of("warming cache");
    }

    /** A daemon thread {@code herald-edge-<role>-<id>} whose death fails the edge. */
    private Thread newThread(String role, Runnable task) {
        Thread t = new Thread(task, "herald-edge-" + role + "-" + id);
        t.setDaemon(true);
        t.setUncaughtExceptionHandler((thread, cause) -> failed(thread.getName(), cause));
        return t;
    }

    private void failed(String component, Throwable cause) {
        if (closing) {
            LOG.warn(
                    "{} stopped with an error while the edge was closing id={}",
                    component,
                    id,
                    cause);
            return;
        }
        Failure f = new Failure(component, cause);
        if (!failure.complete(f)) {
            LOG.error("{} stopped too, after the edge had failed id={}", component, id, cause);
            return;
        }
        LOG.error(
                "edge failed, it can no longer do its job: /healthz answers 503, clients are closed"
                        + " with 1001 to resume on another edge id={} port={} reason={}",
                id,
                port,
                f.reason(),
                cause);
        server.connections()
                .closeAll(CloseCode.GOING_AWAY.code(), "edge failed: resume on another edge");
    }
}
