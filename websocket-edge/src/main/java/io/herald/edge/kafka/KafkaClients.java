package io.herald.edge.kafka;

import io.herald.kafka.FailoverBackoff;
import io.herald.kafka.KafkaClientFile;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/** The edge's Kafka clients and their settings, over those of {@code --kafka-config}. */
public final class KafkaClients {
    private KafkaClients() {}

    /**
     * How long the broker holds a fetch of the live sequenced consumer that finds nothing to
     * return: on an idle topic, the period of its fetches. A message that arrives meanwhile is
     * returned at once ({@link #FETCH_MIN_BYTES}). The broker answers a connection's requests in
     * order, so the once-a-second end-offsets request may wait behind a held fetch: this stays well
     * under its one-second timeout.
     */
    public static final Duration LIVE_FETCH_MAX_WAIT = Duration.ofMillis(250);

    /**
     * The same for the deep-recovery consumers, which read history and ask for offsets between
     * reads: a fetch held at a partition's end must not delay the next read's offset requests.
     */
    public static final Duration DEEP_FETCH_MAX_WAIT = Duration.ofMillis(10);

    /**
     * A fetch returns as soon as there is anything to read. Batching in time, while messages flow,
     * is the {@link SequencedConsumer}'s: it polls at most once per {@code --fetch-interval}.
     * (Batching in the broker instead, with a large minimum and a short wait, made an idle edge
     * fetch every few milliseconds.)
     */
    static final int FETCH_MIN_BYTES = 1;

    /**
     * How long the publish producer waits to batch the publishes of every connection of the edge
     * into one produce request: at 1,000 publishes a second, at most 200 requests instead of one
     * per publish, each answered by the broker and read by the sequencer's source as a fetch of its
     * own.
     */
    static final int PUBLISH_LINGER_MS = 5;

    /** The most records one poll returns; a full poll is followed by the next one at once. */
    static final int MAX_POLL_RECORDS = 1000;

    /**
     * A consumer for {@code assign()} without a group: {@code read_committed}, no offset commits,
     * and no automatic reset (a reset is handled explicitly, since it breaks the recovery proof).
     * Fetches return as soon as there is a record ({@link #FETCH_MIN_BYTES}), or after {@code
     * fetchMaxWait}, the client pushes no telemetry to the brokers, and it backs off at most {@link
     * FailoverBackoff#MAX_MS} ms; {@code --kafka-config} may set any of these otherwise.
     */
    public static KafkaConsumer<byte[], byte[]> sequencedConsumer(
            String bootstrapServers, KafkaClientFile clientFile, String id, Duration fetchMaxWait) {
        Map<String, Object> p = new HashMap<>();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        p.put(ConsumerConfig.CLIENT_ID_CONFIG, "herald-edge-" + id);
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "none");
        p.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, MAX_POLL_RECORDS);
        p.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, (int) fetchMaxWait.toMillis());
        p.put(ConsumerConfig.FETCH_MIN_BYTES_CONFIG, FETCH_MIN_BYTES);
        p.put(ConsumerConfig.ENABLE_METRICS_PUSH_CONFIG, false);
        p.putAll(FailoverBackoff.settings());
        return new KafkaConsumer<>(
                clientFile.apply(p), new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }

    /**
     * The publish producer: idempotent, {@code acks=all}, never blocking beyond {@code
     * publishTimeout}, backing off at most {@link FailoverBackoff#MAX_MS} ms.
     */
    public static KafkaProducer<byte[], byte[]> publishProducer(
            String bootstrapServers,
            KafkaClientFile clientFile,
            Duration publishTimeout,
            String id) {
        Map<String, Object> p = new HashMap<>();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        p.put(ProducerConfig.CLIENT_ID_CONFIG, "herald-edge-publisher-" + id);
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.LINGER_MS_CONFIG, PUBLISH_LINGER_MS);
        long timeout = publishTimeout.toMillis();
        p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, timeout);
        int requestTimeout = (int) Math.min(timeout, 30_000);
        p.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, requestTimeout);
        // delivery.timeout.ms must cover linger.ms + request.timeout.ms.
        p.put(
                ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG,
                (int) Math.max(timeout, requestTimeout + PUBLISH_LINGER_MS + 1L));
        p.putAll(FailoverBackoff.settings());
        return new KafkaProducer<>(
                clientFile.apply(p), new ByteArraySerializer(), new ByteArraySerializer());
    }
}
