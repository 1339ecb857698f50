package io.herald.wire;

import java.nio.charset.StandardCharsets;

/**
 * Header names and value codecs of the Kafka record contract (PROTOCOL.md, "Kafka records").
 *
 * <p>Sequenced records carry {@code epoch} and {@code seq} as 8-byte big-endian longs, {@code
 * source} as UTF-8 {@code topic:partition:offset}, and {@code message-id} and {@code publisher}
 * when the source record had them. Dead letters carry {@code source}, {@code reason} (a {@link
 * DeadLetterReason}) and {@code error} (UTF-8 words).
 */
public final class SequencedHeaders {

    public static final String EPOCH = "epoch";
    public static final String SEQ = "seq";
    public static final String SOURCE = "source";
    public static final String MESSAGE_ID = "message-id";
    public static final String PUBLISHER = "publisher";
    public static final String ERROR = "error";
    public static final String REASON = "reason";

    private SequencedHeaders() {}

    /** Encodes a long as 8 big-endian bytes. */
    public static byte[] encodeLong(long value) {
        byte[] b = new byte[8];
        for (int i = 7; i >= 0; i--) {
            b[i] = (byte) value;
            value >>>= 8;
        }
        return b;
    }

    /** Decodes 8 big-endian bytes; throws IllegalArgumentException for any other length. */
    public static long decodeLong(byte[] bytes) {
        if (bytes == null || bytes.length != 8) {
            throw new IllegalArgumentException(
                    "expected 8 bytes, got " + (bytes == null ? "none" : bytes.length));
        }
        long v = 0;
        for (byte b : bytes) {
            v = (v << 8) | (b & 0xff);
        }
        return v;
    }

    public static byte[] encodeString(String value) {
        return value.getBytes(StandardCharsets.UTF_8);
    }

    public static String decodeString(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
