package io.herald.wire.frame;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.herald.wire.InvalidSubjectException;
import io.herald.wire.Position;
import io.herald.wire.Subject;
import java.util.Optional;
import java.util.function.Function;

/**
 * Strict, typed access to the fields of one JSON object of a frame. Every failure is a {@link
 * FrameDecodeException} naming the field's path ({@code subjects[1].from.epoch}) and carrying the
 * frame's request id. Unknown fields are never looked at, so they are ignored.
 */
final class FrameFields {

    private static final int QUOTE_LIMIT = 64;

    private final ObjectNode node;
    private final String path;
    private final String requestId;

    FrameFields(ObjectNode node, String path, String requestId) {
        this.node = node;
        this.path = path;
        this.requestId = requestId;
    }

    /** The same object, with errors carrying {@code id} (an item of a batch, answered alone). */
    FrameFields answeredAs(String id) {
        return new FrameFields(node, path, id);
    }

    /** A required string field. */
    String string(String name) throws FrameDecodeException {
        JsonNode v = node.get(name);
        if (v == null || v.isNull()) {
            throw badRequest(name, "is missing");
        }
        return textOf(name, v);
    }

    /** A required non-empty string field. */
    String nonEmptyString(String name) throws FrameDecodeException {
        String s = string(name);
        if (s.isEmpty()) {
            throw badRequest(name, "must not be empty");
        }
        return s;
    }

    /** The request {@code id}: a string of 1 to {@link ClientFrame#MAX_ID_LENGTH} characters. */
    String id() throws FrameDecodeException {
        String id = nonEmptyString("id");
        if (id.length() > ClientFrame.MAX_ID_LENGTH) {
            throw badRequest(
                    "id",
                    "must be at most "
                            + ClientFrame.MAX_ID_LENGTH
                            + " characters, was "
                            + id.length());
        }
        return id;
    }

    /** An optional string field: null when absent or JSON null. */
    String optionalString(String name) throws FrameDecodeException {
        JsonNode v = node.get(name);
        return v == null || v.isNull() ? null : textOf(name, v);
    }

    /** A required subject field; a bad subject is {@link ErrorCode#INVALID_SUBJECT}. */
    Subject subject(String name) throws FrameDecodeException {
        return subjectOf(name, string(name));
    }

    /** An optional subject field: null when absent or JSON null. */
    Subject optionalSubject(String name) throws FrameDecodeException {
        String s = optionalString(name);
        return s == null ? null : subjectOf(name, s);
    }

    /** A required integer field in 0 … 2^53−1. */
    long safeLong(String name) throws FrameDecodeException {
        JsonNode v = node.get(name);
        if (v == null || v.isNull()) {
            throw badRequest(name, "is missing");
        }
        return safeLongOf(name, v, Position.MAX_SAFE);
    }

    /** An optional integer field in 0 … 2^53−1; -1 when absent or null. */
    long optionalSafeLong(String name) throws FrameDecodeException {
        JsonNode v = node.get(name);
        return v == null || v.isNull() ? -1 : safeLongOf(name, v, Position.MAX_SAFE);
    }

    /** An optional integer field in 0 … Integer.MAX_VALUE; {@code absent} when absent or null. */
    int optionalInt(String name, int absent) throws FrameDecodeException {
        JsonNode v = node.get(name);
        return v == null || v.isNull() ? absent : (int) safeLongOf(name, v, Integer.MAX_VALUE);
    }

    /** A required integer field in 1 … Integer.MAX_VALUE. */
    int positiveInt(String name) throws FrameDecodeException {
        JsonNode v = node.get(name);
        if (v == null || v.isNull()) {
            throw badRequest(name, "is missing");
        }
        int value = (int) safeLongOf(name, v, Integer.MAX_VALUE);
        if (value == 0) {
            throw badRequest(name, "must be in 1.." + Integer.MAX_VALUE);
        }
        return value;
    }

    /** A required nested object field. */
    FrameFields object(String name) throws FrameDecodeException {
        JsonNode v = node.get(name);
        if (v == null || v.isNull()) {
            throw badRequest(name, "is missing");
        }
        return object(name, v);
    }

    /**
     * A required string field naming a constant: {@code lookup} maps it, {@code problem} says what
     * is wrong when it maps to nothing.
     */
    <E> E enumeration(String name, Function<String, Optional<E>> lookup, String problem)
            throws FrameDecodeException {
        String value = string(name);
        Optional<E> constant = lookup.apply(value);
        if (constant.isEmpty()) {
            throw badRequest(name, problem + ", was " + quote(value));
        }
        return constant.get();
    }

    /** A required boolean field. */
    boolean bool(String name) throws FrameDecodeException {
        JsonNode v = node.get(name);
        if (v == null || v.isNull()) {
            throw badRequest(name, "is missing");
        }
        if (!v.isBoolean()) {
            throw badRequest(name, "must be a boolean");
        }
        return v.booleanValue();
    }

    /** The position made of this object's {@code epoch} and {@code seq} fields. */
    Position position() throws FrameDecodeException {
        return new Position(safeLong("epoch"), safeLong("seq"));
    }

    /** An optional nested position object {@code {"epoch","seq"}}: null when absent or null. */
    Position optionalPosition(String name) throws FrameDecodeException {
        JsonNode v = node.get(name);
        if (v == null || v.isNull()) {
            return null;
        }
        return object(name, v).position();
    }

    /** A required non-empty array field. */
    JsonNode nonEmptyArray(String name) throws FrameDecodeException {
        JsonNode v = node.get(name);
        if (v == null || v.isNull()) {
            throw badRequest(name, "is missing");
        }
        if (!v.isArray()) {
            throw badRequest(name, "must be an array");
        }
        if (v.isEmpty()) {
            throw badRequest(name, "must not be empty");
        }
        return v;
    }

    /** Element {@code index} of array field {@code name}, which must be an object. */
    FrameFields element(String name, int index, JsonNode element) throws FrameDecodeException {
        return object(name + "[" + index + "]", element);
    }

    /** Element {@code index} of array field {@code name}, which must be a valid subject. */
    Subject subjectElement(String name, int index, JsonNode element) throws FrameDecodeException {
        String field = name + "[" + index + "]";
        return subjectOf(field, textOf(field, element));
    }

    FrameDecodeException badRequest(String field, String problem) {
        return new FrameDecodeException(
                ErrorCode.BAD_REQUEST, qualified(field) + " " + problem, requestId);
    }

    private FrameFields object(String field, JsonNode v) throws FrameDecodeException {
        if (!v.isObject()) {
            throw badRequest(field, "must be an object");
        }
        return new FrameFields((ObjectNode) v, qualified(field), requestId);
    }

    private String textOf(String field, JsonNode v) throws FrameDecodeException {
        if (!v.isTextual()) {
            throw badRequest(field, "must be a string");
        }
        String s = v.textValue();
        if (!isWellFormed(s)) {
            throw badRequest(field, "is not valid Unicode (unpaired surrogate)");
        }
        return s;
    }

    private Subject subjectOf(String field, String value) throws FrameDecodeException {
        try {
            return Subject.parse(value);
        } catch (InvalidSubjectException e) {
            throw new FrameDecodeException(
                    ErrorCode.INVALID_SUBJECT,
                    qualified(field)
                            + " "
                            + quote(value)
                            + " is not a valid subject: "
                            + e.getMessage(),
                    requestId);
        }
    }

    private long safeLongOf(String field, JsonNode v, long max) throws FrameDecodeException {
        if (!v.isIntegralNumber()) {
            throw badRequest(field, "must be an integer");
        }
        if (!v.canConvertToLong() || v.longValue() < 0 || v.longValue() > max) {
            throw badRequest(field, "must be in 0.." + max);
        }
        return v.longValue();
    }

    private String qualified(String field) {
        return path.isEmpty() ? field : path + "." + field;
    }

    /** Whether {@code s} has no unpaired surrogate, i.e. encodes to UTF-8 without loss. */
    static boolean isWellFormed(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isHighSurrogate(c)) {
                if (i + 1 >= s.length() || !Character.isLowSurrogate(s.charAt(i + 1))) {
                    return false;
                }
                i++;
            } else if (Character.isLowSurrogate(c)) {
                return false;
            }
        }
        return true;
    }

    /** {@code s} in quotes, cut to a readable length: error messages echo hostile input. */
    static String quote(String s) {
        if (s.length() <= QUOTE_LIMIT) {
            return "\"" + s + "\"";
        }
        int cut =
                Character.isHighSurrogate(s.charAt(QUOTE_LIMIT - 1))
                        ? QUOTE_LIMIT - 1
                        : QUOTE_LIMIT;
        return "\"" + s.substring(0, cut) + "…\" (" + s.length() + " chars)";
    }
}
