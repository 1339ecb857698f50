package io.herald.operators;

import java.util.Objects;

/**
 * Where the sequencer put a message that had a {@code message-id}: its position, its {@code source}
 * and its stamp time, kept for the de-duplication window ({@link PublishedIds}) so that a repeat of
 * the message can be answered with the original.
 *
 * <p>A Flink POJO on purpose, as {@link SubjectPosition} is: its schema can evolve across
 * savepoints.
 */
public class PublishedPosition {

    /** The original's epoch. */
    public long epoch;

    /** The original's seq. */
    public long seq;

    /** The original's {@code source} header, {@code topic:partition:offset}. */
    public String source;

    /** The original's record timestamp, ms since 1970. */
    public long timestamp;

    public PublishedPosition() {}

    public PublishedPosition(long epoch, long seq, String source, long timestamp) {
        this.epoch = epoch;
        this.seq = seq;
        this.source = source;
        this.timestamp = timestamp;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PublishedPosition p
                && p.epoch == epoch
                && p.seq == seq
                && Objects.equals(p.source, source)
                && p.timestamp == timestamp;
    }

    @Override
    public int hashCode() {
        return Objects.hash(epoch, seq, source, timestamp);
    }

    @Override
    public String toString() {
        return "(" + epoch + "," + seq + ") source=" + source;
    }
}
