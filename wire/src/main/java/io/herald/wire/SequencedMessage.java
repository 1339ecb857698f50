package io.herald.wire;

import java.util.Objects;

/**
 * One record of the sequenced topic, decoded: the subject (record key), its position ({@code
 * epoch}, {@code seq} headers), the content (record value, unchanged), the time it was sequenced
 * (record timestamp), where it came from ({@code source}) and the optional {@code message-id} and
 * {@code publisher}.
 */
public record SequencedMessage(
        Subject subject,
        Position position,
        byte[] content,
        long timestamp,
        SourceRef source,
        String messageId,
        String publisher) {

    /** Reads one header's value by name, as Kafka's {@code Headers.lastHeader(name).value()}. */
    @FunctionalInterface
    public interface HeaderLookup {
        /** The last value of the header with that name, or null when there is none. */
        byte[] lastHeader(String name);
    }

    public SequencedMessage {
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(position, "position");
        Objects.requireNonNull(content, "content");
        Objects.requireNonNull(source, "source");
    }

    /**
     * Decodes a sequenced record. Throws IllegalArgumentException (with {@link
     * InvalidSubjectException} for a bad key) when the record breaks the contract.
     */
    public static SequencedMessage decode(
            byte[] key, byte[] value, long timestamp, HeaderLookup headers) {
        if (key == null) {
            throw new IllegalArgumentException("sequenced record without a key");
        }
        Subject subject = Subject.fromBytes(key);
        Position position =
                new Position(
                        SequencedHeaders.decodeLong(required(headers, SequencedHeaders.EPOCH)),
                        SequencedHeaders.decodeLong(required(headers, SequencedHeaders.SEQ)));
        SourceRef source =
                SourceRef.parse(
                        SequencedHeaders.decodeString(required(headers, SequencedHeaders.SOURCE)));
        return new SequencedMessage(
                subject,
                position,
                value == null ? new byte[0] : value,
                timestamp,
                source,
                optional(headers, SequencedHeaders.MESSAGE_ID),
                optional(headers, SequencedHeaders.PUBLISHER));
    }

    private static byte[] required(HeaderLookup headers, String name) {
        byte[] v = headers.lastHeader(name);
        if (v == null) {
            throw new IllegalArgumentException(
                    "sequenced record without the '" + name + "' header");
        }
        return v;
    }

    private static String optional(HeaderLookup headers, String name) {
        byte[] v = headers.lastHeader(name);
        return v == null ? null : SequencedHeaders.decodeString(v);
    }
}
