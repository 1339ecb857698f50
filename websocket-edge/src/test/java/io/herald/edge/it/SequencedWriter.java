package io.herald.edge.it;

import io.herald.testing.EmbeddedKafka;
import io.herald.wire.Position;
import io.herald.wire.SequencedHeaders;
import io.herald.wire.Subject;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Writes records to the sequenced topic exactly as the sequencer's contract says (key = subject,
 * headers epoch/seq/source), so edge tests control positions precisely without running the job.
 */
final class SequencedWriter implements AutoCloseable {
    private final KafkaProducer<byte[], byte[]> producer;
    private final String topic;
    private final AtomicLong sourceOffset = new AtomicLong();

    SequencedWriter(EmbeddedKafka kafka, String topic) {
        this.producer =
                kafka.producer(
                        Map.of(
                                ProducerConfig.LINGER_MS_CONFIG, 5,
                                ProducerConfig.BATCH_SIZE_CONFIG, 262144));
        this.topic = topic;
    }

    void write(String subject, Position p, String content) {
        write(subject, p, content.getBytes(StandardCharsets.UTF_8));
    }

    void write(String subject, Position p, byte[] content) {
        write(subject, p, content, System.currentTimeMillis());
    }

    /** Writes one record sequenced at {@code timestamp} (epoch ms), without flushing. */
    void write(String subject, Position p, byte[] content, long timestamp) {
        ProducerRecord<byte[], byte[]> r =
                new ProducerRecord<>(
                        topic, null, timestamp, Subject.parse(subject).toBytes(), content);
        r.headers()
                .add(SequencedHeaders.EPOCH, SequencedHeaders.encodeLong(p.epoch()))
                .add(SequencedHeaders.SEQ, SequencedHeaders.encodeLong(p.seq()))
                .add(
                        SequencedHeaders.SOURCE,
                        SequencedHeaders.encodeString("demo:0:" + sourceOffset.getAndIncrement()));
        producer.send(r);
    }

    /**
     * Writes seq {@code from..to} (inclusive) of {@code epoch} on {@code subject}, then flushes.
     */
    void writeRange(String subject, long epoch, long from, long to) {
        for (long s = from; s <= to; s++) {
            write(subject, new Position(epoch, s), "m" + s);
        }
        producer.flush();
    }

    void flush() {
        producer.flush();
    }

    @Override
    public void close() {
        producer.close();
    }
}
