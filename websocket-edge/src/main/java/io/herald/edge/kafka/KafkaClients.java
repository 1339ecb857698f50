package io.herald.edge.kafka;

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
     * How long the broker holds a fetch of the sequenced consumer for {@link #FETCH_MIN_BYTES}: the
     * most a record waits in the broker before the edge reads it, and, on an idle topic, the period
     * of the consumer's fetches.
     */
    static final int FETCH_MAX_WAIT_MS = 10;

    /**
     * What a fetch of the sequenced consumer waits for, up to {@link #FETCH_MAX_WAIT_MS}. With one
     * byte, every record a few hundred microseconds apart was its own fetch, poll and hand-off to
     * the event loops; with 64 KiB a moderate rate (up to about 6 MB/s) is read once per wait, and
     * a higher one as soon as 64 KiB are there.
     */
    static final int FETCH_MIN_BYTES = 64 * 1024;

    /**
     * A consumer for {@code assign()} without a group: {@code read_committed}, no offset commits,
     * and no automatic reset (a reset is handled explicitly, since it breaks the recovery proof).
     * Fetches are batched in time ({@link #FETCH_MIN_BYTES}, {@link #FETCH_MAX_WAIT_MS}) and the
     * client pushes no telemetry to the brokers; {@code --kafka-config} may set either otherwise.
     */
    public static KafkaConsumer<byte[], byte[]> sequencedConsumer(
            String bootstrapServers, KafkaClientFile clientFile, String id) {
        Map<String, Object> p = new HashMap<>();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        p.put(ConsumerConfig.CLIENT_ID_CONFIG, "herald-edge-" + id);
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "none");
        p.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 1000);
        p.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, FETCH_MAX_WAIT_MS);
        p.put(ConsumerConfig.FETCH_MIN_BYTES_CONFIG, FETCH_MIN_BYTES);
        p.put(ConsumerConfig.ENABLE_METRICS_PUSH_CONFIG, false);
        return new KafkaConsumer<>(
                clientFile.apply(p), new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }

    /**
     * The publish producer: idempotent, {@code acks=all}, never blocking beyond {@code
     * publishTimeout}.
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
        p.put(ProducerConfig.LINGER_MS_CONFIG, 1);
        long timeout = publishTimeout.toMillis();
        p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, timeout);
        int requestTimeout = (int) Math.min(timeout, 30_000);
        p.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, requestTimeout);
        // delivery.timeout.ms must cover linger.ms + request.timeout.ms.
        p.put(
                ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG,
                (int) Math.max(timeout, requestTimeout + 2L));
        return new KafkaProducer<>(
                clientFile.apply(p), new ByteArraySerializer(), new ByteArraySerializer());
    }
}
