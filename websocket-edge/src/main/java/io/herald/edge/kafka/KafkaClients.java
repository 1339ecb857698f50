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
     * A consumer for {@code assign()} without a group: {@code read_committed}, no offset commits,
     * and no automatic reset (a reset is handled explicitly, since it breaks the recovery proof).
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
        p.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 10);
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
