package io.herald.savepoints;

import io.herald.wire.Position;
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
        Map<TopicPartition, Long> sourceOffsets,
        long records,
        long rejected,
        String firstRejection) {

    public TopicScan {
        lastPositions = Collections.unmodifiableSortedMap(new TreeMap<>(lastPositions));
        sourceOffsets = Map.copyOf(sourceOffsets);
    }

    /** The highest epoch of any committed record, if the topic held any. */
    public OptionalLong highestEpoch() {
        return lastPositions.values().stream().mapToLong(Position::epoch).max();
    }

    /** A scan being accumulated, record by record. */
    static final class Builder {
        private final SortedMap<String, Position> last = new TreeMap<>();
        private final Map<TopicPartition, Long> sources = new HashMap<>();
        private long records;
        private long rejected;
        private String firstRejection;

        /** A sequenced record: its subject's position and its source. */
        void accept(String subject, Position position, SourceRef source) {
            last.merge(subject, position, (a, b) -> a.compareTo(b) >= 0 ? a : b);
            accept(source);
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
            return new TopicScan(last, sources, records, rejected, firstRejection);
        }
    }

    @Override
    public String toString() {
        return "TopicScan[subjects="
                + lastPositions.size()
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
