package io.herald.operators;

import java.util.Objects;

/**
 * The keyed state of one subject: the last position the sequencer issued for it.
 *
 * <p>A Flink POJO on purpose (public no-argument constructor, public non-final fields): Flink's
 * POJO serializer supports schema evolution, so fields can be added later and savepoints still
 * restore. The State Processor API reads and writes it under {@link
 * SequencerFunction#POSITION_STATE}.
 */
public class SubjectPosition {

    /** The subject's current epoch. */
    public long epoch;

    /** The last seq issued in {@link #epoch}. */
    public long seq;

    public SubjectPosition() {}

    public SubjectPosition(long epoch, long seq) {
        this.epoch = epoch;
        this.seq = seq;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SubjectPosition p && p.epoch == epoch && p.seq == seq;
    }

    @Override
    public int hashCode() {
        return Objects.hash(epoch, seq);
    }

    @Override
    public String toString() {
        return "(" + epoch + "," + seq + ")";
    }
}
