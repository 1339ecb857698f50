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
     * Bytes counted per message on top of its content and subject: the record, the array header,
     * the ring slot and the position. An estimate, so that a budget of small messages is not
     * undercounted.
     */
    public static final int OVERHEAD_BYTES = 96;

    /** Bytes counted per subject on top of its characters: the subject and its three strings. */
    public static final int SUBJECT_OVERHEAD_BYTES = 144;

    /** The bytes this message counts against the cache budget. */
    public long sizeBytes() {
        return sizeBytes(subject, content.length);
    }

    /**
     * What a message holds: its content, its subject (each message read from Kafka has its own: the
     * value, topic and key strings, counted at two bytes a character so that no subject is
     * undercounted) and the fixed overhead. Many long subjects with small contents thus fill the
     * budget as fast as what they really hold.
     */
    public static long sizeBytes(Subject subject, int contentLength) {
        String key = subject.key();
        long chars =
                subject.value().length()
                        + subject.topic().length()
                        + (key == null ? 0 : key.length());
        return contentLength + 2 * chars + SUBJECT_OVERHEAD_BYTES + OVERHEAD_BYTES;
    }

    static CachedMessage of(SequencedMessage m, long arrival) {
        return new CachedMessage(
                m.subject(), m.position(), m.content(), Math.max(0, m.timestamp()), arrival);
    }
}
