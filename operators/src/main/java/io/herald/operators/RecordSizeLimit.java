package io.herald.operators;

import io.herald.wire.DeadLetterReason;
import io.herald.wire.SequencedHeaders;
import java.io.Serializable;
import java.util.Arrays;
import org.apache.kafka.common.utils.Utils;

/**
 * The largest record the job writes, {@code maxBytes} ({@code --max-record-bytes}), and the rule
 * that keeps every record it writes under it, so that one oversized source record can never fail
 * the sinks ({@code RecordTooLargeException}) and stall every subject in a restart loop.
 *
 * <ul>
 *   <li>A record whose sequenced form (subject as key, value, the {@code epoch}, {@code seq},
 *       {@code source}, {@code message-id} and {@code publisher} headers) may exceed {@code
 *       maxBytes} is not sequenced: it becomes a dead letter with reason {@link
 *       DeadLetterReason#TOO_LARGE}.
 *   <li>A dead letter keeps the original key, value and headers when it fits in {@code maxBytes};
 *       otherwise each of them is cut to its first {@link #PREFIX_BYTES} bytes, and its {@code
 *       error} says so.
 * </ul>
 *
 * Sizes are Kafka's upper bound for a record alone in a batch (what the producer compares with its
 * {@code max.request.size}, and the broker with the topic's {@code max.message.bytes}), without
 * compression.
 */
public record RecordSizeLimit(int maxBytes) implements Serializable {

    /** The smallest limit: room for a dead letter of prefixes with every header. */
    public static final int MIN_BYTES = 16 * 1024;

    /**
     * The largest limit: the producer's default {@code buffer.memory} (32 MiB), which must hold one
     * record.
     */
    public static final int MAX_BYTES = 32 * 1024 * 1024;

    /** A dead letter that would not fit keeps this many first bytes of its key, value, headers. */
    public static final int PREFIX_BYTES = 1024;

    /** A record batch's header (Kafka's {@code DefaultRecordBatch.RECORD_BATCH_OVERHEAD}). */
    private static final int BATCH_OVERHEAD = 61;

    /**
     * One record's fixed part at its largest: length (varint), attributes, timestamp delta
     * (varlong), offset delta (varint), key and value lengths and header count (varints).
     */
    private static final int RECORD_OVERHEAD = 5 + 1 + 10 + 5 + 5 + 5 + 5;

    /** One header's name and value lengths (varints) at their largest. */
    private static final int HEADER_OVERHEAD = 5 + 5;

    private static final int LONG_BYTES = 8;

    public RecordSizeLimit {
        if (maxBytes < MIN_BYTES || maxBytes > MAX_BYTES) {
            throw new IllegalArgumentException(
                    "the record size limit must be "
                            + MIN_BYTES
                            + ".."
                            + MAX_BYTES
                            + " bytes, was "
                            + maxBytes);
        }
    }

    /**
     * {@code record} as the job writes it: unchanged when it fits; a {@link
     * DeadLetterReason#TOO_LARGE} dead letter when its sequenced form may not fit; a dead letter
     * cut to prefixes when the dead letter would not fit whole.
     */
    public SourceRecord enforce(SourceRecord record) {
        SourceRecord r = record;
        if (r.isValid()) {
            long sequenced = sequencedBytes(r);
            if (sequenced <= maxBytes) {
                return r;
            }
            r =
                    r.deadLetter(
                            DeadLetterReason.TOO_LARGE,
                            "its sequenced record takes up to "
                                    + sequenced
                                    + " bytes, above the job's limit of "
                                    + maxBytes
                                    + " (--max-record-bytes)");
        }
        return deadLetterBytes(r) <= maxBytes ? r : cut(r);
    }

    /** Upper bound of the size of {@code r}'s sequenced record (r must be valid). */
    static long sequencedBytes(SourceRecord r) {
        long headers =
                header(SequencedHeaders.EPOCH, LONG_BYTES)
                        + header(SequencedHeaders.SEQ, LONG_BYTES)
                        + header(SequencedHeaders.SOURCE, sourceBytes(r))
                        + header(SequencedHeaders.MESSAGE_ID, r.messageId())
                        + header(SequencedHeaders.PUBLISHER, r.publisher());
        return recordBytes(Utils.utf8Length(r.subject()), length(r.value()), headers);
    }

    /** Upper bound of the size of {@code r}'s dead letter (r must be invalid). */
    static long deadLetterBytes(SourceRecord r) {
        long headers =
                header(SequencedHeaders.SOURCE, sourceBytes(r))
                        + header(SequencedHeaders.REASON, r.reason().header())
                        + header(SequencedHeaders.ERROR, r.error())
                        + header(SequencedHeaders.MESSAGE_ID, r.messageId())
                        + header(SequencedHeaders.PUBLISHER, r.publisher());
        return recordBytes(length(r.key()), length(r.value()), headers);
    }

    private static SourceRecord cut(SourceRecord r) {
        return new SourceRecord(
                r.topic(),
                r.partition(),
                r.offset(),
                prefix(r.key()),
                prefix(r.value()),
                r.timestamp(),
                prefix(r.messageId()),
                prefix(r.publisher()),
                null,
                r.reason(),
                prefix(r.error())
                        + "; key, value and headers cut to their first "
                        + PREFIX_BYTES
                        + " bytes");
    }

    /**
     * The length of {@code r}'s {@code source} header, {@code topic:partition:offset}, without
     * building it: Kafka topic names are ASCII.
     */
    private static long sourceBytes(SourceRecord r) {
        return r.topic().length() + 2 + digits(r.partition()) + digits(r.offset());
    }

    /** Decimal digits of a non-negative number. */
    private static int digits(long n) {
        int digits = 1;
        for (long rest = n; rest >= 10; rest /= 10) {
            digits++;
        }
        return digits;
    }

    private static long recordBytes(long keyBytes, long valueBytes, long headerBytes) {
        return BATCH_OVERHEAD + RECORD_OVERHEAD + keyBytes + valueBytes + headerBytes;
    }

    private static long header(String name, String value) {
        return value == null ? 0 : header(name, Utils.utf8Length(value));
    }

    private static long header(String name, long valueBytes) {
        return HEADER_OVERHEAD + name.length() + valueBytes;
    }

    private static int length(byte[] bytes) {
        return bytes == null ? 0 : bytes.length;
    }

    private static byte[] prefix(byte[] bytes) {
        return bytes == null || bytes.length <= PREFIX_BYTES
                ? bytes
                : Arrays.copyOf(bytes, PREFIX_BYTES);
    }

    /** The longest prefix of whole code points whose UTF-8 form fits in {@link #PREFIX_BYTES}. */
    private static String prefix(String text) {
        if (text == null || Utils.utf8Length(text) <= PREFIX_BYTES) {
            return text;
        }
        int end = 0;
        int bytes = 0;
        while (end < text.length()) {
            int cp = text.codePointAt(end);
            int size = cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
            if (bytes + size > PREFIX_BYTES) {
                break;
            }
            bytes += size;
            end += Character.charCount(cp);
        }
        return text.substring(0, end);
    }
}
