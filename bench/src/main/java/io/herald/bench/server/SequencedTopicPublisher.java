package io.herald.bench.server;

import io.herald.bench.load.GeneratorSpec;
import io.herald.wire.SequencedHeaders;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Writes records to the sequenced topic as the sequencer would (key = subject, headers {@code
 * epoch} 1, {@code seq} counting from 0 per subject, {@code source}), so an edge can be measured
 * without the job.
 */
final class SequencedTopicPublisher extends KafkaPublisher {
    static final long EPOCH = 1;
    private final String topic;
    private final Map<Integer, Long> seqs = new HashMap<>();
    private long sent;

    SequencedTopicPublisher(String bootstrap, String topic) {
        super(bootstrap, Map.of());
        this.topic = topic;
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
}
