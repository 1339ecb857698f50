package io.herald.savepoints;

import static org.assertj.core.api.Assertions.assertThat;

import io.herald.testing.EmbeddedKafka;
import io.herald.testing.Poll;
import io.herald.wire.Position;
import io.herald.wire.SequencedHeaders;
import io.herald.wire.SequencedMessage;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;

/** Source records in, sequenced records out: what the ITs publish and what they check. */
final class SequencedLog {

    /** One committed record of the sequenced topic ({@code messageId} null when it had none). */
    record Entry(
            String subject,
            Position position,
            String source,
            String messageId,
            int partition,
            long offset) {}

    private SequencedLog() {}

    /** Publishes {@code count} records round-robin over {@code keys} of {@code topic}. */
    static void publish(EmbeddedKafka kafka, String topic, List<String> keys, int count) {
        publish(kafka, topic, keys, count, null);
    }

    /**
     * As {@link #publish(EmbeddedKafka, String, List, int)}, each record from {@code publisher}
     * (unless null) with {@code message-id} {@code m<i>}, as an edge writes a client's publish.
     */
    static void publish(
            EmbeddedKafka kafka, String topic, List<String> keys, int count, String publisher) {
        try (KafkaProducer<byte[], byte[]> producer = kafka.producer()) {
            for (int i = 0; i < count; i++) {
                producer.send(record(topic, keys.get(i % keys.size()), i, publisher));
            }
            producer.flush();
        }
    }

    static ProducerRecord<byte[], byte[]> record(String topic, String key, int i) {
        return record(topic, key, i, null);
    }

    /**
     * Record {@code i} (value {@code m<i>}), with the publish headers when {@code publisher} is
     * set.
     */
    static ProducerRecord<byte[], byte[]> record(
            String topic, String key, int i, String publisher) {
        ProducerRecord<byte[], byte[]> r =
                new ProducerRecord<>(
                        topic,
                        key.getBytes(StandardCharsets.UTF_8),
                        ("m" + i).getBytes(StandardCharsets.UTF_8));
        if (publisher != null) {
            r.headers()
                    .add(SequencedHeaders.PUBLISHER, SequencedHeaders.encodeString(publisher))
                    .add(SequencedHeaders.MESSAGE_ID, SequencedHeaders.encodeString("m" + i));
        }
        return r;
    }

    /** Every committed record of {@code topic} up to its current end, by partition and offset. */
    static List<Entry> read(EmbeddedKafka kafka, String topic) {
        try (KafkaConsumer<byte[], byte[]> consumer = kafka.readCommittedConsumer()) {
            List<TopicPartition> partitions = new ArrayList<>();
            consumer.partitionsFor(topic, Duration.ofSeconds(30))
                    .forEach(p -> partitions.add(new TopicPartition(topic, p.partition())));
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = new HashMap<>(consumer.endOffsets(partitions));
            List<Entry> entries = new ArrayList<>();
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (!end.isEmpty() && System.nanoTime() < deadline) {
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(100))) {
                    if (r.offset()
                            < end.getOrDefault(new TopicPartition(r.topic(), r.partition()), -1L)) {
                        entries.add(decode(r));
                    }
                }
                end.entrySet().removeIf(e -> consumer.position(e.getKey()) >= e.getValue());
            }
            entries.sort(
                    (a, b) ->
                            a.partition() != b.partition()
                                    ? Integer.compare(a.partition(), b.partition())
                                    : Long.compare(a.offset(), b.offset()));
            return entries;
        }
    }

    /** Waits until {@code topic} holds at least {@code count} committed records; returns them. */
    static List<Entry> await(EmbeddedKafka kafka, String topic, int count, Duration timeout) {
        AtomicReference<List<Entry>> seen = new AtomicReference<>(List.of());
        Poll.until(
                count + " committed records on " + topic,
                timeout,
                () -> {
                    seen.set(read(kafka, topic));
                    return seen.get().size() >= count;
                },
                () -> "saw " + seen.get().size());
        return seen.get();
    }

    /** Each subject's last position: what the sequencer's keyed state must hold. */
    static Map<String, Position> lastPositions(List<Entry> entries) {
        Map<String, Position> last = new LinkedHashMap<>();
        entries.forEach(e -> last.merge(e.subject(), e.position(), (a, b) -> a.isAfter(b) ? a : b));
        return last;
    }

    /**
     * The exactly-once and order checks: one sequenced record per source record, and per subject
     * (one subject lives in one partition, so offset order is sequencing order) positions that
     * strictly increase, with seq counting 0, 1, 2, ... within each epoch.
     */
    static void assertOrderedExactlyOnce(List<Entry> entries, int sourceRecords) {
        Set<String> sources = new HashSet<>();
        entries.forEach(e -> assertThat(sources.add(e.source())).as("duplicate %s", e).isTrue());
        assertThat(entries).hasSize(sourceRecords);
        Map<String, Position> last = new HashMap<>();
        for (Entry e : entries) {
            Position before = last.put(e.subject(), e.position());
            if (before == null || before.epoch() != e.position().epoch()) {
                assertThat(e.position().seq()).as("first seq of an epoch: %s", e).isZero();
            }
            if (before != null) {
                assertThat(e.position().isAfter(before)).as("%s after %s", e, before).isTrue();
                if (before.epoch() == e.position().epoch()) {
                    assertThat(e.position().seq()).as("no hole: %s", e).isEqualTo(before.seq() + 1);
                }
            }
        }
    }

    private static Entry decode(ConsumerRecord<byte[], byte[]> r) {
        SequencedMessage m =
                SequencedMessage.decode(
                        r.key(), r.value(), r.timestamp(), SequencedTopicScanner.headers(r));
        return new Entry(
                m.subject().value(),
                m.position(),
                m.source().toString(),
                m.messageId(),
                r.partition(),
                r.offset());
    }
}
