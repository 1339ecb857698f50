package io.herald.operators;

/**
 * A message the sequencer stamped: what {@link SequencedRecordSerializer} writes to the sequenced
 * topic.
 *
 * @param subject the subject (the record key)
 * @param content the source record's value, unchanged (may be null)
 * @param epoch the position's epoch
 * @param seq the position's seq
 * @param source {@code topic:partition:offset} of the source record
 * @param messageId the source record's {@code message-id} header, or null
 * @param publisher the source record's {@code publisher} header, or null
 * @param timestamp when it was stamped, ms since 1970 (the record timestamp)
 */
public record SequencedRecord(
        String subject,
        byte[] content,
        long epoch,
        long seq,
        String source,
        String messageId,
        String publisher,
        long timestamp) {}
