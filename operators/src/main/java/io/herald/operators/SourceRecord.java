package io.herald.operators;

import io.herald.wire.SourceRef;

/**
 * A record read from a source topic, with its subject already resolved.
 *
 * <p>Exactly one of {@code subject} and {@code error} is non-null: {@code subject} is the valid
 * subject ({@code /topic/key}, or {@code /topic} for a null key) the record belongs to; {@code
 * error} says why the record maps to no valid subject, and such a record goes to the dead-letter
 * topic. {@code key} and {@code value} are the original bytes (either may be null); {@code
 * messageId} and {@code publisher} are the optional UTF-8 headers of the same names, or null.
 *
 * <p>A Java record, so Flink serializes it with its POJO serializer (no Kryo).
 */
public record SourceRecord(
        String topic,
        int partition,
        long offset,
        byte[] key,
        byte[] value,
        long timestamp,
        String messageId,
        String publisher,
        String subject,
        String error) {

    /** Whether this record maps to a valid subject; otherwise {@link #error()} says why not. */
    public boolean isValid() {
        return subject != null;
    }

    /** The source reference, {@code topic:partition:offset}: the {@code source} header value. */
    public String source() {
        return new SourceRef(topic, partition, offset).toString();
    }
}
