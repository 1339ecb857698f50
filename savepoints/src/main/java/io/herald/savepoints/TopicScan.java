package io.herald.savepoints;

import io.herald.operators.PublishedPosition;
import io.herald.operators.SequencerFunction;
import io.herald.wire.Position;
import io.herald.wire.SequencedMessage;
import io.herald.wire.SourceRef;
import java.util.Collections;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.SortedMap;
import java.util.TreeMap;
import org.apache.kafka.common.TopicPartition;

/**
 * What a read of the whole sequenced topic found.
 *
 * @param lastPositions each subject's highest committed position, by subject (empty for the
 *     dead-letter topic, whose records have no position)
 * @param publishedIds per subject, the publishes with a {@code message-id} sequenced since the
 *     scan's cut-off (the de-duplication window before the scan), by their key in the sequencer's
 *     {@code published-ids} state ({@link SequencerFunction#publishedIdKey}), each with its first
 *     copy's position, {@code source} and time (empty for the dead-letter topic)
 * @param sourceOffsets per source partition, the highest source offset among the records' {@code
 *     source} headers: the job has processed that source record
 * @param records committed records read
 * @param rejected records that break the sequenced-record contract (no key, bad subject, missing
 *     {@code epoch}/{@code seq}/{@code source} header): they carry no position and are counted,
 *     never silently passed over
 * @param firstRejection why the first rejected record was rejected, or null when none was
 */
public record TopicScan(
        SortedMap<String, Position> lastPositions,
        Map<String, Map<String, PublishedPosition>> publishedIds,
        Map<TopicPartition, Long> sourceOffsets,
        long records,
        long rejected,
        String firstRejection) {

    public TopicScan {
        lastPositions = Collections.unmodifiableSortedMap(new TreeMap<>(lastPositions));
        publishedIds = Map.copyOf(publishedIds);
        sourceOffsets = Map.copyOf(sourceOffsets);
    }

    /** The highest epoch of any committed record, if the topic held any. */
    public OptionalLong highestEpoch() {
        return lastPositions.values().stream().mapToLong(Position::epoch).max();
    }

    /** Publish ids found, over all subjects. */
    public long publishedIdCount() {
        return publishedIds.values().stream().mapToLong(Map::size).sum();
    }

    /** A scan being accumulated, record by record. */
    static final class Builder {
        private final long publishedSince;
        private final SortedMap<String, Position> last = new TreeMap<>();
        private final Map<String, Map<String, PublishedPosition>> published = new HashMap<>();
        private final Map<TopicPartition, Long> sources = new HashMap<>();
        private long records;
        private long rejected;
        private String firstRejection;

        /** A builder that keeps no publish ids (the dead-letter topic). */
        Builder() {
            this(Long.MAX_VALUE);
        }

        /** A builder that keeps the publish ids of records stamped at or after {@code sinceMs}. */
        Builder(long sinceMs) {
            this.publishedSince = sinceMs;
        }

        /**
         * A sequenced record: its subject's position, its source and, when it carries a {@code
         * message-id} and is recent enough, its publish id. A repeat (the sequencer's answer to a
         * resend) carries its first copy's position: the first record read for an id is kept.
         */
        void accept(SequencedMessage m) {
            String subject = m.subject().value();
            last.merge(subject, m.position(), (a, b) -> a.compareTo(b) >= 0 ? a : b);
            if (m.messageId() != null && m.timestamp() >= publishedSince) {
                published
                        .computeIfAbsent(subject, s -> new HashMap<>())
                        .putIfAbsent(
                                SequencerFunction.publishedIdKey(m.publisher(), m.messageId()),
                                new PublishedPosition(
                                        m.position().epoch(),
                                        m.position().seq(),
                                        m.source().toString(),
                                        m.timestamp()));
            }
            accept(m.source());
        }

        /** A record that carries only its source (a dead letter). */
        void accept(SourceRef source) {
            records++;
            sources.merge(
                    new TopicPartition(source.topic(), source.partition()),
                    source.offset(),
                    Math::max);
        }

        void reject(String reason) {
            records++;
            rejected++;
            if (firstRejection == null) {
                firstRejection = Objects.requireNonNull(reason);
            }
        }

        TopicScan build() {
            return new TopicScan(last, published, sources, records, rejected, firstRejection);
        }
    }

    @Override
    public String toString() {
        return "TopicScan[subjects="
                + lastPositions.size()
                + ", publishedIds="
                + publishedIdCount()
                + ", records="
                + records
                + ", rejected="
                + rejected
                + ", highestEpoch="
                + highestEpoch()
                + ", sourcePartitions="
                + sourceOffsets.size()
                + "]";
    }
}
