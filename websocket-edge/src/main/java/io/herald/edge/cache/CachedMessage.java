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
     * What a message counts: its content, its subject (the value, topic and key strings, counted at
     * two bytes a character, for every message although the cached messages of a subject share one
     * instance, so that no subject is undercounted, and a replay's frames, which each carry the
     * subject, are counted whole) and the fixed overhead. Many long subjects with small contents
     * thus fill the budget at least as fast as what they hold.
     */
    public static long sizeBytes(Subject subject, int contentLength) {
        String key = subject.key();
        long chars =
                subject.value().length()
                        + subject.topic().length()
                        + (key == null ? 0 : key.length());
        return contentLength + 2 * chars + SUBJECT_OVERHEAD_BYTES + OVERHEAD_BYTES;
    }

    /**
     * {@code m} as cached, with {@code subject}, equal to its own: the subject's log's instance, so
     * that the messages of a subject share one rather than each keeping the copy its record was
     * decoded with (fewer objects for every young collection to copy while they age).
     */
    static CachedMessage of(SequencedMessage m, Subject subject, long arrival) {
        return new CachedMessage(
                subject, m.position(), m.content(), Math.max(0, m.timestamp()), arrival);
    }
}
