package io.herald.operators;

import io.herald.wire.DeadLetterReason;
import io.herald.wire.SourceRef;
import org.apache.flink.api.common.typeinfo.TypeInfo;

/**
 * A record read from a source topic, with its subject already resolved and its size checked.
 *
 * <p>Either {@code subject} is non-null, and the record is sequenced under that valid subject
 * ({@code /topic/key}, or {@code /topic} for a null key); or {@code reason} and {@code error} are
 * non-null, and the record goes to the dead-letter topic: {@code reason} says why in one word,
 * {@code error} in words with the details. {@code key} and {@code value} are the original bytes
 * (either may be null), cut to a prefix when a dead letter would not fit otherwise ({@link
 * RecordSizeLimit}); {@code messageId} and {@code publisher} are the optional UTF-8 headers of the
 * same names, or null.
 *
 * <p>Every record read crosses the job's {@code keyBy} in this form, serialized by {@link
 * SourceRecordTypeSerializer} (named by the {@code @TypeInfo} annotation; no Kryo, no reflection).
 */
@TypeInfo(SourceRecordTypeInfo.Factory.class)
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
        DeadLetterReason reason,
        String error) {

    /** Whether this record maps to a valid subject; otherwise {@link #error()} says why not. */
    public boolean isValid() {
        return subject != null;
    }

    /** The source reference, {@code topic:partition:offset}: the {@code source} header value. */
    public String source() {
        return new SourceRef(topic, partition, offset).toString();
    }

    /** This record as a dead letter for {@code reason}, explained by {@code error}. */
    SourceRecord deadLetter(DeadLetterReason reason, String error) {
        return new SourceRecord(
                topic, partition, offset, key, value, timestamp, messageId, publisher, null, reason,
                error);
    }
}
