package io.herald.edge.deep;

import io.herald.edge.cache.CachedMessage;
import io.herald.edge.fanout.Hub;
import io.herald.edge.kafka.SequencedRecords;
import io.herald.wire.Position;
import io.herald.wire.SequencedMessage;
import io.herald.wire.Subject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.utils.Utils;

/**
 * Reads one subject's messages from its partition of the sequenced topic, for deep recoveries. The
 * sequencer's producer sets no partition, so Kafka's default partitioner places a subject by its
 * key: murmur2 of the key's bytes modulo the partition count, computed here the same way.
 *
 * <p>The read starts at the first record sequenced at or after {@code startTimestamp} ({@code
 * offsetsForTimes}; the log's start when there is no timestamp) and goes on until it has reached
 * the partition's end and the cache connects to the last message read, or until it holds {@code
 * maxMessages + 1} messages ({@code cut}). One thread; the consumer is its own, assigned, {@code
 * read_committed}.
 */
final class PartitionReader {
    private static final Duration POLL = Duration.ofMillis(200);
    private static final Duration METADATA = Duration.ofSeconds(5);

    private final Consumer<byte[], byte[]> consumer;
    private final String topic;

    PartitionReader(Consumer<byte[], byte[]> consumer, String topic) {
        this.consumer = consumer;
        this.topic = topic;
    }

    /**
     * The subject's messages at and after {@code minFrom}; {@code coverage} says whether the cache
     * connects to a position ({@link Hub#coverage}).
     */
    LogSlice read(
            Subject subject,
            Position minFrom,
            long startTimestamp,
            int maxMessages,
            BiFunction<Subject, Position, Hub.Coverage> coverage) {
        TopicPartition tp = partitionOf(subject);
        consumer.assign(List.of(tp));
        long logStart = consumer.beginningOffsets(List.of(tp)).get(tp);
        long end = consumer.endOffsets(List.of(tp)).get(tp);
        long start = logStart;
        if (startTimestamp >= 0) {
            Map<TopicPartition, OffsetAndTimestamp> found =
                    consumer.offsetsForTimes(Map.of(tp, startTimestamp));
            OffsetAndTimestamp at = found.get(tp);
            start = at == null ? end : at.offset();
        }
        consumer.seek(tp, start);
        List<CachedMessage> messages = new ArrayList<>();
        Position last = null;
        while (true) {
            if (consumer.position(tp) >= end) {
                Hub.Coverage c = last == null ? Hub.Coverage.NO_LOG : coverage.apply(subject, last);
                if (c != Hub.Coverage.NOT_CONNECTED) {
                    return new LogSlice(
                            subject, messages, start == logStart && logStart > 0, false, null);
                }
                end = consumer.endOffsets(List.of(tp)).get(tp);
            }
            for (ConsumerRecord<byte[], byte[]> r : consumer.poll(POLL).records(tp)) {
                SequencedMessage m = decode(r);
                if (m == null
                        || !m.subject().equals(subject)
                        || m.position().compareTo(minFrom) < 0
                        || (last != null && m.position().compareTo(last) <= 0)) {
                    continue;
                }
                messages.add(
                        new CachedMessage(
                                subject, m.position(), m.content(), Math.max(0, m.timestamp()), 0));
                last = m.position();
                if (messages.size() > maxMessages) {
                    return new LogSlice(
                            subject, messages, start == logStart && logStart > 0, true, null);
                }
            }
        }
    }

    private TopicPartition partitionOf(Subject subject) {
        List<PartitionInfo> infos = consumer.partitionsFor(topic, METADATA);
        if (infos == null || infos.isEmpty()) {
            throw new IllegalStateException("no partitions for " + topic);
        }
        int partition = Utils.toPositive(Utils.murmur2(subject.toBytes())) % infos.size();
        return new TopicPartition(topic, partition);
    }

    /** The record decoded, or null when it breaks the contract (the live consumer counts it). */
    private static SequencedMessage decode(ConsumerRecord<byte[], byte[]> r) {
        try {
            return SequencedRecords.decode(r);
        } catch (RuntimeException e) {
            return null;
        }
    }
}
