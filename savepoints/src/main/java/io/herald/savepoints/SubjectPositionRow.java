package io.herald.savepoints;

import io.herald.wire.Position;
import java.util.Objects;

/**
 * One subject and its last position: what {@code inspect} reads from the sequencer's keyed state
 * ({@code rebuild} writes a {@link RebuiltSubject}).
 *
 * <p>A Flink POJO (public no-argument constructor, public fields) because it flows through the
 * State Processor API's read job.
 */
public class SubjectPositionRow {

    /** The subject, e.g. {@code /chat/room-1}; the sequencer's key. */
    public String subject;

    /** The epoch of the subject's last message. */
    public long epoch;

    /** The seq of the subject's last message within {@link #epoch}. */
    public long seq;

    public SubjectPositionRow() {}

    public SubjectPositionRow(String subject, long epoch, long seq) {
        this.subject = subject;
        this.epoch = epoch;
        this.seq = seq;
    }

    /** The row's position as the wire type. */
    public Position position() {
        return new Position(epoch, seq);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SubjectPositionRow r
                && r.getClass() == getClass()
                && Objects.equals(r.subject, subject)
                && r.epoch == epoch
                && r.seq == seq;
    }

    @Override
    public int hashCode() {
        return Objects.hash(subject, epoch, seq);
    }

    @Override
    public String toString() {
        return subject + "@(" + epoch + "," + seq + ")";
    }
}
