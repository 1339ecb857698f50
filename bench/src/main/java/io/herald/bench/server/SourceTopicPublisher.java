package io.herald.bench.server;

import io.herald.bench.load.GeneratorSpec;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Publishes as any Kafka application does: a record on the source topic {@code demo} with key
 * {@code s<n>} (subject {@code /demo/s<n>}); the sequencer gives it its position.
 */
public final class SourceTopicPublisher implements Publisher {
    /** The local stack's source topic. */
    public static final String TOPIC = "demo";

    private final KafkaProducer<byte[], byte[]> producer;

    /** A producer with {@code overrides} over {@code linger.ms=1}, {@code acks=all}. */
    public SourceTopicPublisher(String bootstrap, Map<String, Object> overrides) {
        Map<String, Object> config = new HashMap<>();
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        config.put(ProducerConfig.LINGER_MS_CONFIG, 1);
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        config.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        config.putAll(overrides);
        this.producer = new KafkaProducer<>(config);
    }

    @Override
    public void publish(int subject, byte[] content) {
        String key = GeneratorSpec.subject(subject).substring(("/" + TOPIC + "/").length());
        producer.send(
                new org.apache.kafka.clients.producer.ProducerRecord<>(
                        TOPIC, key.getBytes(StandardCharsets.UTF_8), content));
    }

    @Override
    public void flush() {
        producer.flush();
    }

    @Override
    public void close() {
        producer.close();
    }
}
