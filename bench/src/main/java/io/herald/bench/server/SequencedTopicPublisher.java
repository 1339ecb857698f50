package io.herald.bench.server;

import io.herald.bench.load.GeneratorSpec;
import io.herald.wire.SequencedHeaders;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Writes records to the sequenced topic as the sequencer would (key = subject, headers {@code
 * epoch} 1, {@code seq} counting from 0 per subject, {@code source}), so an edge can be measured
 * without the job.
 */
final class SequencedTopicPublisher implements Publisher {
    static final long EPOCH = 1;
    private final KafkaProducer<byte[], byte[]> producer;
    private final String topic;
    private final Map<Integer, Long> seqs = new HashMap<>();
    private long sent;

    SequencedTopicPublisher(String bootstrap, String topic) {
        this.topic = topic;
        this.producer =
                new KafkaProducer<>(
                        Map.of(
                                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                                bootstrap,
                                ProducerConfig.LINGER_MS_CONFIG,
                                1,
                                ProducerConfig.ACKS_CONFIG,
                                "all",
                                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG,
                                ByteArraySerializer.class,
                                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG,
                                ByteArraySerializer.class));
    }

    @Override
    public void publish(int subject, byte[] content) {
        long seq = seqs.merge(subject, 1L, Long::sum) - 1;
        ProducerRecord<byte[], byte[]> r =
                new ProducerRecord<>(
                        topic,
                        null,
                        System.currentTimeMillis(),
                        GeneratorSpec.subject(subject).getBytes(StandardCharsets.UTF_8),
                        content);
        r.headers()
                .add(SequencedHeaders.EPOCH, SequencedHeaders.encodeLong(EPOCH))
                .add(SequencedHeaders.SEQ, SequencedHeaders.encodeLong(seq))
                .add(SequencedHeaders.SOURCE, SequencedHeaders.encodeString("bench:0:" + sent++));
        producer.send(r);
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
