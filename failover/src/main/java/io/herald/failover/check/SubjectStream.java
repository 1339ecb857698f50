package io.herald.failover.check;

import java.util.BitSet;

/**
 * What one reader (a client, or an audit of the sequenced topic) received on one subject, checked
 * as it arrives. The publisher numbers each subject's messages 0, 1, 2, ... in its content, so the
 * checker knows what was sent independently of the positions the system assigned:
 *
 * <ul>
 *   <li><b>duplicated</b>: a message number received again;
 *   <li><b>out of order</b>: a message number lower than one already received (first time seen);
 *   <li><b>lost</b> (at the end): a published number never received;
 *   <li><b>position not increasing</b>: a position not strictly above the previous one;
 *   <li><b>epoch went back</b>: an epoch lower than the previous one;
 *   <li><b>hole in an epoch</b>: in the same epoch, a seq that is not the previous seq + 1.
 * </ul>
 *
 * Not thread-safe: one reader's deliveries arrive on one thread.
 */
public final class SubjectStream {

    private final BitSet seen = new BitSet();
    private long delivered;
    private long duplicated;
    private long outOfOrder;
    private long positionNotIncreasing;
    private long epochWentBack;
    private long holeInEpoch;
    private long highestNumber = -1;
    private long epoch = -1;
    private long seq = -1;
    private long epochsSeen;

    /** Records one delivered message. */
    public void accept(long messageEpoch, long messageSeq, long number) {
        if (number < 0 || number > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("message number out of range: " + number);
        }
        delivered++;
        if (seen.get((int) number)) {
            duplicated++;
        } else {
            seen.set((int) number);
            if (number < highestNumber) {
                outOfOrder++;
            }
        }
        highestNumber = Math.max(highestNumber, number);
        checkPosition(messageEpoch, messageSeq);
    }

    private void checkPosition(long messageEpoch, long messageSeq) {
        if (epoch >= 0) {
            if (messageEpoch < epoch) {
                epochWentBack++;
                positionNotIncreasing++;
            } else if (messageEpoch == epoch) {
                if (messageSeq <= seq) {
                    positionNotIncreasing++;
                } else if (messageSeq != seq + 1) {
                    holeInEpoch++;
                }
            }
        }
        if (messageEpoch != epoch) {
            epochsSeen++;
        }
        epoch = messageEpoch;
        seq = messageSeq;
    }

    /** Published numbers 0 to {@code published - 1} that never arrived. */
    public long lost(long published) {
        if (published > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("too many messages: " + published);
        }
        return published - seen.get(0, (int) published).cardinality();
    }

    /** Whether every number below {@code published} has arrived. */
    public boolean hasAll(long published) {
        return lost(published) == 0;
    }

    public long delivered() {
        return delivered;
    }

    public long duplicated() {
        return duplicated;
    }

    public long outOfOrder() {
        return outOfOrder;
    }

    public long positionNotIncreasing() {
        return positionNotIncreasing;
    }

    public long epochWentBack() {
        return epochWentBack;
    }

    public long holeInEpoch() {
        return holeInEpoch;
    }

    /** How many times the epoch changed, plus one: the number of epochs seen in a row. */
    public long epochsSeen() {
        return epochsSeen;
    }
}
