package io.herald.wire;

/**
 * A message's place in its subject's stream: {@code (epoch, seq)}, ordered by epoch, then seq.
 *
 * <p>Within an epoch, seq runs 0, 1, 2, … with no holes. A new epoch starts at seq 0 and is greater
 * than every epoch the subject ever had. Both parts lie in 0 … 2^53−1 so that JavaScript clients
 * hold them exactly.
 */
public record Position(long epoch, long seq) implements Comparable<Position> {

    /** The largest integer a JavaScript number holds exactly: 2^53 − 1. */
    public static final long MAX_SAFE = (1L << 53) - 1;

    public Position {
        if (epoch < 0 || epoch > MAX_SAFE) {
            throw new IllegalArgumentException("epoch out of range 0.." + MAX_SAFE + ": " + epoch);
        }
        if (seq < 0 || seq > MAX_SAFE) {
            throw new IllegalArgumentException("seq out of range 0.." + MAX_SAFE + ": " + seq);
        }
    }

    public static Position of(long epoch, long seq) {
        return new Position(epoch, seq);
    }

    /** The position that follows this one in the same epoch. */
    public Position next() {
        return new Position(epoch, seq + 1);
    }

    /**
     * Whether {@code other} immediately follows this position: the next seq in this epoch, or seq 0
     * of a greater epoch. A later epoch always starts at 0, so a jump to seq 0 of a greater epoch
     * is not a gap.
     */
    public boolean isFollowedBy(Position other) {
        if (other.epoch == epoch) {
            return other.seq == seq + 1;
        }
        return other.epoch > epoch && other.seq == 0;
    }

    @Override
    public int compareTo(Position o) {
        int c = Long.compare(epoch, o.epoch);
        return c != 0 ? c : Long.compare(seq, o.seq);
    }

    public boolean isAfter(Position o) {
        return compareTo(o) > 0;
    }

    @Override
    public String toString() {
        return "(" + epoch + "," + seq + ")";
    }
}
