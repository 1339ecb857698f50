package io.herald.edge;

import io.herald.edge.auth.Authenticator;
import io.herald.edge.cache.CacheLimits;
import io.herald.edge.cache.MessageCache;
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
import java.util.Set;
import java.util.UUID;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running edge: WebSocket server, sequenced-topic consumer, cache and publish path.
 *
 * <pre>{@code
 * try (Edge edge = Edge.start(EdgeConfig.parse(args, System.getenv()))) {
 *     int port = edge.port();      // listening once start returns
 *     boolean warm = edge.isReady(); // the cache holds the last TTL of messages
 * }
 * }</pre>
 *
 * {@link #close()} is the graceful shutdown: stop accepting, close every client with 1001 (they
 * reconnect elsewhere and resume), stop reading Kafka, release everything. Thread-safe.
 */
public final class Edge implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Edge.class);
    private static final long SHUTDOWN_WAIT_MS = 3_000;

    private final EdgeConfig config;
    private final String id;
    private final EdgeMetrics metrics;
    private final EdgeServer server;
    private final SequencedConsumer consumer;
    private final Thread consumerThread;
    private final KafkaProducer<byte[], byte[]> producer;
    private final PublishSender sender;
    private final int port;
    private boolean closed;

    private Edge(EdgeConfig config) {
        this.config = config;
        this.id = UUID.randomUUID().toString().substring(0, 8);
        this.metrics = new EdgeMetrics();
        Clock clock = Clock.systemUTC();
        this.server =
                new EdgeServer(
                        new ServerSettings(
                                config.host(),
                                config.port(),
                                config.ioThreads(),
                                config.staticDir()));
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
                        config.bootstrapServers(), config.publishTimeout(), id);
        this.sender = new PublishSender(producer, publishes);
        this.consumer =
                new SequencedConsumer(
                        KafkaClients.sequencedConsumer(config.bootstrapServers(), id),
                        config.sequencedTopic(),
                        config.cacheTtl(),
                        clock,
                        hub,
                        publishes,
                        metrics);
        EdgeServices services =
                new EdgeServices(
                        connectionLimits(config),
                        Set.copyOf(config.sourceTopics()),
                        hub,
                        new FrameCodec(config.maxFrameBytes()),
                        metrics,
                        publishes,
                        sender,
                        Authenticator.create(
                                config.auth().hs256Secret(), config.auth().rs256PublicKey(), clock),
                        new FaultInjector(config.faultDropEvery()),
                        id,
                        Ticker.systemTicker());
        EdgeMetrics.Gauges gauges =
                new EdgeMetrics.Gauges(
                        () -> server.connections().size(),
                        hub::cacheMessages,
                        hub::cacheBytes,
                        hub::cacheSubjects,
                        () -> server.connections().pendingBytes(),
                        () -> consumer.isReady() ? 1 : 0);
        this.consumerThread = new Thread(consumer, "herald-edge-consumer-" + id);
        this.consumerThread.setDaemon(true);
        this.consumerThread.start();
        this.port = server.start(services, consumer::isReady, () -> metrics.render(gauges));
        if (config.faultDropEvery() > 0) {
            LOG.warn(
                    "TEST-ONLY fault injection on: dropping every {}th live delivery",
                    config.faultDropEvery());
        }
    }

    /** The part of the configuration a connection uses. */
    private static ConnectionLimits connectionLimits(EdgeConfig config) {
        return new ConnectionLimits(
                config.maxFrameBytes(),
                config.maxSubjects(),
                config.outboundBufferBytes(),
                config.maxPendingPublishes(),
                config.maxRequestsPerSecond(),
                config.publishTimeout(),
                config.pingInterval(),
                config.idleTimeout());
    }

    /**
     * Starts an edge and returns once it listens (the cache warms in the background: see {@link
     * #isReady()}). Throws IllegalStateException when it cannot listen.
     */
    public static Edge start(EdgeConfig config) {
        return new Edge(config);
    }

    /** The port the WebSocket server listens on (the chosen one when configured with 0). */
    public int port() {
        return port;
    }

    /** True once the cache is warm: every message of the last TTL has been read. */
    public boolean isReady() {
        return consumer.isReady();
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
        if (closed) {
            return;
        }
        closed = true;
        LOG.info("edge shutting down id={} port={}", id, port);
        server.closeConnections(
                CloseCode.GOING_AWAY.code(), "edge shutting down", SHUTDOWN_WAIT_MS);
        consumer.stop();
        try {
            consumerThread.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        sender.close();
        producer.close(java.time.Duration.ofSeconds(5));
        server.shutdown();
    }
}
