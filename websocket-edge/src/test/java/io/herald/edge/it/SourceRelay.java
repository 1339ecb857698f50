package io.herald.edge.it;

import io.herald.testing.EmbeddedKafka;
import io.herald.wire.SequencedHeaders;
import io.herald.wire.Subject;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;

/**
 * The sequencer's contract played by the test, for edge tests of the publish path without a Flink
 * job: every record of a one-partition source topic is written to the sequenced topic with the next
 * seq of its subject (epoch 1), its {@code source}, and the {@code message-id} and {@code
 * publisher} it came with, so the edge acknowledges the publish.
 */
final class SourceRelay implements AutoCloseable {
    private final KafkaConsumer<byte[], byte[]> consumer;
    private final KafkaProducer<byte[], byte[]> producer;
    private final String sequenced;
    private final Map<Subject, Long> seqs = new HashMap<>();
    private final AtomicInteger relayed = new AtomicInteger();
    private final Thread thread;
    private volatile boolean running = true;

    SourceRelay(EmbeddedKafka kafka, String source, String sequenced) {
        this.consumer = kafka.readCommittedConsumer();
        this.producer = kafka.producer();
        this.sequenced = sequenced;
        TopicPartition p = new TopicPartition(source, 0);
        consumer.assign(List.of(p));
        consumer.seekToBeginning(List.of(p));
        this.thread = new Thread(this::run, "source-relay");
        thread.start();
    }

    /** Records relayed so far. */
    int relayed() {
        return relayed.get();
    }

    private void run() {
        while (running) {
            for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(50))) {
                Subject subject = Subject.ofRecord(r.topic(), r.key());
                long seq = seqs.merge(subject, 1L, Long::sum);
                ProducerRecord<byte[], byte[]> out =
                        new ProducerRecord<>(sequenced, subject.toBytes(), r.value());
                out.headers()
                        .add(SequencedHeaders.EPOCH, SequencedHeaders.encodeLong(1))
                        .add(SequencedHeaders.SEQ, SequencedHeaders.encodeLong(seq))
                        .add(
                                SequencedHeaders.SOURCE,
                                SequencedHeaders.encodeString(
                                        r.topic() + ":" + r.partition() + ":" + r.offset()));
                for (String name :
                        List.of(SequencedHeaders.MESSAGE_ID, SequencedHeaders.PUBLISHER)) {
                    Header h = r.headers().lastHeader(name);
                    if (h != null) {
                        out.headers().add(name, h.value());
                    }
                }
                producer.send(out);
                relayed.incrementAndGet();
            }
            producer.flush();
        }
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        thread.join(10_000);
        consumer.close();
        producer.close();
    }
}
