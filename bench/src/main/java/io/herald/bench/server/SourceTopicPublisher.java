package io.herald.bench.server;

import io.herald.bench.load.GeneratorSpec;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * Publishes as any Kafka application does: a record on the source topic {@code demo} with key
 * {@code s<n>} (subject {@code /demo/s<n>}); the sequencer gives it its position.
 */
public final class SourceTopicPublisher extends KafkaPublisher {
    /** The local stack's source topic. */
    public static final String TOPIC = "demo";

    /** A producer with {@code overrides} over {@code linger.ms=1}, {@code acks=all}. */
    public SourceTopicPublisher(String bootstrap, Map<String, Object> overrides) {
        super(bootstrap, overrides);
    }

    @Override
    public void publish(int subject, byte[] content) {
        String key = GeneratorSpec.subject(subject).substring(("/" + TOPIC + "/").length());
        producer.send(
                new org.apache.kafka.clients.producer.ProducerRecord<>(
                        TOPIC, key.getBytes(StandardCharsets.UTF_8), content));
    }
}
