package io.herald.failover.load;

import io.herald.failover.check.FaultTimeline;
import io.herald.failover.check.ReaderLog;
import io.herald.wire.Position;
import io.herald.wire.SequencedHeaders;
import io.herald.wire.SourceRef;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Reads the sequenced topic itself ({@code read_committed}, as edges do) between two sets of
 * offsets and checks the given subjects' records as one reader: this is the exactly-once check (no
 * source record committed twice, none missing), independent of any de-duplication the edges or
 * clients do.
 */
public final class SequencedTopicAudit {

    private final String bootstrapServers;
    private final String topic;

    public SequencedTopicAudit(String bootstrapServers, String topic) {
        this.bootstrapServers = bootstrapServers;
        this.topic = topic;
    }

    /** The topic's current end offsets (committed data only). */
    public Map<TopicPartition, Long> endOffsets() {
        try (KafkaConsumer<byte[], byte[]> consumer = consumer()) {
            return consumer.endOffsets(partitions(consumer), Duration.ofSeconds(30));
        }
    }

    /**
     * Reads from {@code from} up to the end offsets at call time and returns a log of the records
     * of {@code subjects}, keyed by their subject (record key).
     */
    public ReaderLog read(
            Map<TopicPartition, Long> from, Collection<String> subjects, String sourceTopic) {
        return read(from, subjects, sourceTopic, false).log();
    }

    /**
     * What a reader that follows the record contract sees: a record whose {@code source} is not
     * after the last one accepted on its subject is a repeat (the sequencer's answer to a resent
     * publish, or a low-latency re-emission) and is dropped, and counted.
     *
     * @param log the accepted records
     * @param repeats the records dropped as repeats
     * @param positions per subject, the positions of the accepted records in topic order
     */
    public record Reading(ReaderLog log, long repeats, Map<String, List<Position>> positions) {}

    /** As {@link #read}, dropping repeats by their {@code source} as every reader must. */
    public Reading readDroppingRepeats(
            Map<TopicPartition, Long> from, Collection<String> subjects, String sourceTopic) {
        return read(from, subjects, sourceTopic, true);
    }

    private Reading read(
            Map<TopicPartition, Long> from,
            Collection<String> subjects,
            String sourceTopic,
            boolean dropRepeats) {
        Set<String> wanted = Set.copyOf(subjects);
        ReaderLog log = new ReaderLog("sequenced-topic", subjects, new FaultTimeline());
        Map<String, SourceRef> lastSource = new HashMap<>();
        Map<String, List<Position>> positions = new HashMap<>();
        long repeats = 0;
        try (KafkaConsumer<byte[], byte[]> consumer = consumer()) {
            List<TopicPartition> partitions = partitions(consumer);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions, Duration.ofSeconds(30));
            consumer.assign(partitions);
            partitions.forEach(p -> consumer.seek(p, from.getOrDefault(p, 0L)));
            Map<TopicPartition, Long> remaining = new HashMap<>(end);
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (!done(consumer, remaining) && System.nanoTime() < deadline) {
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    String subject = subject(sourceTopic, r.key());
                    if (!wanted.contains(subject)) {
                        continue;
                    }
                    if (dropRepeats) {
                        SourceRef source =
                                SourceRef.parse(
                                        SequencedHeaders.decodeString(
                                                header(r, SequencedHeaders.SOURCE)));
                        SourceRef last = lastSource.get(subject);
                        if (last != null && last.samePartition(source) && !source.isAfter(last)) {
                            repeats++;
                            continue;
                        }
                        lastSource.put(subject, source);
                    }
                    LoadMessage m =
                            LoadMessage.parse(new String(r.value(), StandardCharsets.UTF_8));
                    Position position =
                            Position.of(
                                    SequencedHeaders.decodeLong(header(r, SequencedHeaders.EPOCH)),
                                    SequencedHeaders.decodeLong(header(r, SequencedHeaders.SEQ)));
                    positions.computeIfAbsent(subject, k -> new ArrayList<>()).add(position);
                    log.delivered(
                            subject,
                            position.epoch(),
                            position.seq(),
                            m.number(),
                            m.publishedNanos(),
                            System.nanoTime());
                }
            }
            if (!done(consumer, remaining)) {
                throw new AssertionError("could not read " + topic + " up to " + end);
            }
        }
        return new Reading(log, repeats, positions);
    }

    private static String subject(String sourceTopic, byte[] key) {
        // The sequenced record's key is the subject itself.
        return key == null ? "/" + sourceTopic : new String(key, StandardCharsets.UTF_8);
    }

    private static boolean done(
            KafkaConsumer<byte[], byte[]> consumer, Map<TopicPartition, Long> end) {
        return end.entrySet().stream().allMatch(e -> consumer.position(e.getKey()) >= e.getValue());
    }

    private static byte[] header(ConsumerRecord<byte[], byte[]> r, String name) {
        Header h = r.headers().lastHeader(name);
        if (h == null) {
            throw new AssertionError(
                    "sequenced record without "
                            + name
                            + " header at "
                            + r.topic()
                            + "-"
                            + r.partition()
                            + "@"
                            + r.offset());
        }
        return h.value();
    }

    private List<TopicPartition> partitions(KafkaConsumer<byte[], byte[]> consumer) {
        return consumer.partitionsFor(topic, Duration.ofSeconds(30)).stream()
                .map(p -> new TopicPartition(topic, p.partition()))
                .toList();
    }

    private KafkaConsumer<byte[], byte[]> consumer() {
        Map<String, Object> props = new HashMap<>();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5000);
        return new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }
}
