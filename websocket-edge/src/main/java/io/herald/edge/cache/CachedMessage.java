package io.herald.edge.cache;

import io.herald.wire.Position;
import io.herald.wire.SequencedMessage;
import io.herald.wire.Subject;

/**
 * One message held in the cache: what a replay needs (subject, position, content, sequencing
 * timestamp) and the edge-local arrival number that orders eviction among equal timestamps.
 */
public record CachedMessage(
        Subject subject, Position position, byte[] content, long timestamp, long arrival) {

    /**
     * Bytes counted per message on top of its content: the record, the array header, the ring slot
     * and the position. An estimate, so that a budget of small messages is not undercounted.
     */
    public static final int OVERHEAD_BYTES = 96;

    /** The bytes this message counts against the cache budget. */
    public long sizeBytes() {
        return (long) content.length + OVERHEAD_BYTES;
    }

    static CachedMessage of(SequencedMessage m, long arrival) {
        return new CachedMessage(
                m.subject(), m.position(), m.content(), Math.max(0, m.timestamp()), arrival);
    }
}
