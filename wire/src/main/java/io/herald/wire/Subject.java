package io.herald.wire;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * A subject such as {@code /stocks/NYSE/IBM}: the Kafka record with key {@code NYSE/IBM} on topic
 * {@code stocks}. A one-segment subject {@code /T} is a record with a null key on topic {@code T}.
 *
 * <p>Rules (PROTOCOL.md): UTF-8, 2 to 1024 bytes, starts with {@code /}, segments separated by
 * {@code /}, no empty segment, no control characters (U+0000–U+001F, U+007F); the first segment is
 * a Kafka topic name: 1–249 characters of {@code [a-zA-Z0-9._-]}.
 */
public final class Subject implements Comparable<Subject> {

    public static final int MIN_BYTES = 2;
    public static final int MAX_BYTES = 1024;
    public static final int MAX_TOPIC_LENGTH = 249;

    private final String value;
    private final String topic;
    private final String key;

    private Subject(String value, String topic, String key) {
        this.value = value;
        this.topic = topic;
        this.key = key;
    }

    /** Parses and validates a subject; throws {@link InvalidSubjectException} saying why not. */
    public static Subject parse(String subject) {
        Objects.requireNonNull(subject, "subject");
        if (subject.isEmpty() || subject.charAt(0) != '/') {
            throw new InvalidSubjectException("subject must start with '/'");
        }
        int bytes = utf8Length(subject);
        if (bytes < MIN_BYTES || bytes > MAX_BYTES) {
            throw new InvalidSubjectException(
                    "subject must be "
                            + MIN_BYTES
                            + " to "
                            + MAX_BYTES
                            + " UTF-8 bytes, was "
                            + bytes);
        }
        int slash = subject.indexOf('/', 1);
        String topic = slash < 0 ? subject.substring(1) : subject.substring(1, slash);
        String key = slash < 0 ? null : subject.substring(slash + 1);
        checkTopic(topic);
        if (key != null) {
            checkKey(key);
        }
        return new Subject(subject, topic, key);
    }

    /** Whether {@code subject} is valid; never throws. */
    public static boolean isValid(String subject) {
        try {
            parse(subject);
            return true;
        } catch (InvalidSubjectException | NullPointerException e) {
            return false;
        }
    }

    /**
     * The subject of a Kafka record: {@code /topic/key}, or {@code /topic} for a null key. Throws
     * {@link InvalidSubjectException} when the key is not UTF-8 or breaks a subject rule.
     */
    public static Subject ofRecord(String topic, byte[] key) {
        Objects.requireNonNull(topic, "topic");
        if (key == null) {
            return parse("/" + topic);
        }
        return ofTopicAndKey(topic, decodeUtf8(key));
    }

    /** The subject {@code /topic/key}; a null key means the one-segment subject {@code /topic}. */
    public static Subject ofTopicAndKey(String topic, String key) {
        Objects.requireNonNull(topic, "topic");
        if (key == null) {
            return parse("/" + topic);
        }
        if (key.isEmpty()) {
            throw new InvalidSubjectException("empty key: a subject has no empty segment");
        }
        return parse("/" + topic + "/" + key);
    }

    /** The Kafka topic: the first segment. */
    public String topic() {
        return topic;
    }

    /** The Kafka record key: everything after the first segment, or null for {@code /topic}. */
    public String key() {
        return key;
    }

    /** The key as UTF-8 bytes, or null. */
    public byte[] keyBytes() {
        return key == null ? null : key.getBytes(StandardCharsets.UTF_8);
    }

    /** The subject as UTF-8 bytes: the key of its records on the sequenced topic. */
    public byte[] toBytes() {
        return value.getBytes(StandardCharsets.UTF_8);
    }

    /** Decodes a subject from the key of a sequenced record. */
    public static Subject fromBytes(byte[] bytes) {
        Objects.requireNonNull(bytes, "bytes");
        return parse(decodeUtf8(bytes));
    }

    public String value() {
        return value;
    }

    /**
     * Whether a topic name is valid for Kafka and for a subject: 1–249 characters of
     * [a-zA-Z0-9._-].
     */
    public static boolean isValidTopic(String topic) {
        try {
            checkTopic(topic);
            return true;
        } catch (InvalidSubjectException e) {
            return false;
        }
    }

    private static void checkTopic(String topic) {
        if (topic.isEmpty()) {
            throw new InvalidSubjectException("empty segment");
        }
        if (topic.length() > MAX_TOPIC_LENGTH) {
            throw new InvalidSubjectException(
                    "topic segment longer than " + MAX_TOPIC_LENGTH + " characters");
        }
        for (int i = 0; i < topic.length(); i++) {
            char c = topic.charAt(i);
            boolean ok =
                    (c >= 'a' && c <= 'z')
                            || (c >= 'A' && c <= 'Z')
                            || (c >= '0' && c <= '9')
                            || c == '.'
                            || c == '_'
                            || c == '-';
            if (!ok) {
                throw new InvalidSubjectException(
                        "first segment must be a Kafka topic name of [a-zA-Z0-9._-], found "
                                + describe(topic.codePointAt(i)));
            }
        }
    }

    private static void checkKey(String key) {
        int segmentLength = 0;
        for (int i = 0; i < key.length(); i++) {
            char c = key.charAt(i);
            if (c < 0x20 || c == 0x7f) {
                throw new InvalidSubjectException("control character " + describe(c));
            }
            if (Character.isSurrogate(c)) {
                boolean paired =
                        Character.isHighSurrogate(c)
                                && i + 1 < key.length()
                                && Character.isLowSurrogate(key.charAt(i + 1));
                if (!paired) {
                    throw new InvalidSubjectException("unpaired surrogate: not UTF-8");
                }
                i++;
                segmentLength += 2;
                continue;
            }
            if (c == '/') {
                if (segmentLength == 0) {
                    throw new InvalidSubjectException("empty segment");
                }
                segmentLength = 0;
            } else {
                segmentLength++;
            }
        }
        if (segmentLength == 0) {
            throw new InvalidSubjectException("empty segment");
        }
    }

    private static String decodeUtf8(byte[] bytes) {
        if (isAscii(bytes)) {
            return new String(bytes, StandardCharsets.ISO_8859_1);
        }
        CharsetDecoder decoder =
                StandardCharsets.UTF_8
                        .newDecoder()
                        .onMalformedInput(CodingErrorAction.REPORT)
                        .onUnmappableCharacter(CodingErrorAction.REPORT);
        try {
            CharBuffer chars = decoder.decode(ByteBuffer.wrap(bytes));
            return chars.toString();
        } catch (CharacterCodingException e) {
            throw new InvalidSubjectException("key is not valid UTF-8");
        }
    }

    /** Whether every byte is ASCII: then the bytes are valid UTF-8, one character each. */
    private static boolean isAscii(byte[] bytes) {
        for (byte b : bytes) {
            if (b < 0) {
                return false;
            }
        }
        return true;
    }

    private static int utf8Length(String s) {
        int bytes = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x80) {
                bytes += 1;
            } else if (c < 0x800) {
                bytes += 2;
            } else if (Character.isHighSurrogate(c)
                    && i + 1 < s.length()
                    && Character.isLowSurrogate(s.charAt(i + 1))) {
                bytes += 4;
                i++;
            } else {
                bytes += 3;
            }
        }
        return bytes;
    }

    private static String describe(int codePoint) {
        return String.format("U+%04X", codePoint);
    }

    @Override
    public int compareTo(Subject o) {
        return value.compareTo(o.value);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Subject s && s.value.equals(value);
    }

    @Override
    public int hashCode() {
        return value.hashCode();
    }

    @Override
    public String toString() {
        return value;
    }
}
