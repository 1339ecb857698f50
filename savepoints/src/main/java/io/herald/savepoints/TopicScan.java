package io.herald.savepoints;

import io.herald.wire.Position;
import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * What a read of the whole sequenced topic found.
 *
 * @param lastPositions each subject's highest committed position, by subject
 * @param records committed records read
 * @param rejected records that break the sequenced-record contract (no key, bad subject, missing
 *     {@code epoch}/{@code seq}/{@code source} header): they carry no position and are counted,
 *     never silently passed over
 * @param firstRejection why the first rejected record was rejected, or null when none was
 */
public record TopicScan(
        SortedMap<String, Position> lastPositions,
        long records,
        long rejected,
        String firstRejection) {

    public TopicScan {
        lastPositions = Collections.unmodifiableSortedMap(new TreeMap<>(lastPositions));
    }

    /** The highest epoch of any committed record, if the topic held any. */
    public OptionalLong highestEpoch() {
        return lastPositions.values().stream().mapToLong(Position::epoch).max();
    }

    /** A scan being accumulated, record by record. */
    static final class Builder {
        private final SortedMap<String, Position> last = new TreeMap<>();
        private long records;
        private long rejected;
        private String firstRejection;

        void accept(String subject, Position position) {
            records++;
            last.merge(subject, position, (a, b) -> a.compareTo(b) >= 0 ? a : b);
        }

        void reject(String reason) {
            records++;
            rejected++;
            if (firstRejection == null) {
                firstRejection = Objects.requireNonNull(reason);
            }
        }

        TopicScan build() {
            return new TopicScan(last, records, rejected, firstRejection);
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
                + "]";
    }

    /** For tests and callers that hold positions by subject already. */
    static TopicScan of(Map<String, Position> positions) {
        return new TopicScan(new TreeMap<>(positions), positions.size(), 0, null);
    }
}
