package io.herald.wire.frame;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
import com.fasterxml.jackson.core.util.ByteArrayBuilder;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;

/**
 * The JSON codec of the WebSocket protocol (PROTOCOL.md), both directions. Thread-safe: one
 * instance serves every connection.
 *
 * <p>Edge side: {@link #decodeClientFrame(byte[], int, int)} (or the {@code String} overload) and
 * {@link #encodeEdgeFrame(EdgeFrame)}. Client side: {@link #encodeClientFrame(ClientFrame)} and
 * {@link #decodeEdgeFrame(String)}.
 *
 * <p>Decoding is strict and bounded, since edges feed it hostile input:
 *
 * <ul>
 *   <li>a frame is one JSON object with a string {@code type}; unknown fields are ignored;
 *   <li>an unknown {@code type} throws {@link UnknownFrameTypeException} (code {@link
 *       ErrorCode#UNKNOWN_TYPE}): answer with an {@code error} frame and keep the connection;
 *   <li>malformed JSON, trailing data, duplicate fields, a missing field, a wrong type (an epoch as
 *       a string, a fraction, a negative number, a number above 2^53−1), an empty id, an unpaired
 *       surrogate, or a frame over the limits throw {@link FrameDecodeException} with code {@link
 *       ErrorCode#BAD_REQUEST}; a subject that breaks the subject rules throws it with {@link
 *       ErrorCode#INVALID_SUBJECT}. The exception carries the frame's {@code id} when it could be
 *       read and a message fit to send to the peer ({@link FrameDecodeException#toErrorFrame()});
 *   <li>nothing else escapes: no unchecked exception for any input.
 * </ul>
 *
 * <p>Limits: a frame of at most {@code maxFrameBytes} (64 KiB by default, as the edge's default
 * frame size), nesting depth {@value #MAX_NESTING_DEPTH}, field names of at most {@value
 * #MAX_NAME_LENGTH} characters, numbers of at most {@value #MAX_NUMBER_LENGTH} digits.
 *
 * <p>Encoding writes {@code type} first, omits absent optional fields ({@code error.id}, {@code
 * from}, {@code history}), writes {@code subscribed.head} as {@code null} when unknown, and writes
 * non-ASCII characters as UTF-8, not as escapes; control characters without a short escape as
 * six-character escapes in lowercase hex. The result is the canonical text of
 * docs/protocol/vectors, the same JavaScript's {@code JSON.stringify} writes.
 */
public final class FrameCodec {

    /** The default frame size limit: 64 KiB, the edge's default maximum frame size. */
    public static final int DEFAULT_MAX_FRAME_BYTES = 64 * 1024;

    /** Maximum JSON nesting depth; the deepest valid frame ({@code subscribe}) has 4. */
    public static final int MAX_NESTING_DEPTH = 16;

    /** Maximum length of a field name. */
    public static final int MAX_NAME_LENGTH = 1024;

    /** Maximum length of a number literal. */
    public static final int MAX_NUMBER_LENGTH = 32;

    private static final int MAX_ECHOED_ERROR = 200;

    private final int maxFrameBytes;
    private final JsonFactory factory;
    private final ObjectMapper mapper;

    /** A codec that accepts frames of up to {@code maxFrameBytes} UTF-8 bytes. */
    public FrameCodec(int maxFrameBytes) {
        if (maxFrameBytes < 64) {
            throw new IllegalArgumentException("maxFrameBytes must be >= 64: " + maxFrameBytes);
        }
        this.maxFrameBytes = maxFrameBytes;
        this.factory =
                JsonFactory.builder()
                        .streamReadConstraints(
                                StreamReadConstraints.builder()
                                        .maxDocumentLength(maxFrameBytes)
                                        .maxStringLength(maxFrameBytes)
                                        .maxNestingDepth(MAX_NESTING_DEPTH)
                                        .maxNameLength(MAX_NAME_LENGTH)
                                        .maxNumberLength(MAX_NUMBER_LENGTH)
                                        .build())
                        .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                        .enable(JsonWriteFeature.COMBINE_UNICODE_SURROGATES_IN_UTF8)
                        // Lowercase hex in escapes, as JSON.stringify writes them: the encoders
                        // agree.
                        .disable(JsonWriteFeature.WRITE_HEX_UPPER_CASE)
                        .build();
        this.mapper =
                new ObjectMapper(factory).enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    }

    /** A codec with the default limit of {@value #DEFAULT_MAX_FRAME_BYTES} bytes. */
    public static FrameCodec withDefaults() {
        return new FrameCodec(DEFAULT_MAX_FRAME_BYTES);
    }

    /** The largest frame, in UTF-8 bytes, this codec decodes. */
    public int maxFrameBytes() {
        return maxFrameBytes;
    }

    /**
     * Decodes a client frame from {@code length} UTF-8 bytes of {@code utf8} at {@code offset}.
     * Bytes that are not strict UTF-8 (overlong forms included: the JSON parser alone would read
     * {@code C0 AF} as {@code /}) are refused with {@link ErrorCode#BAD_REQUEST}.
     */
    public ClientFrame decodeClientFrame(byte[] utf8, int offset, int length)
            throws FrameDecodeException {
        if (length > maxFrameBytes) {
            throw tooBig(length);
        }
        return decodeClient(parseText(strictUtf8(utf8, offset, length)));
    }

    /**
     * Decodes a client frame from the text of a WebSocket text frame. The size limits count
     * characters here, which is never more than the UTF-8 bytes.
     */
    public ClientFrame decodeClientFrame(String text) throws FrameDecodeException {
        return decodeClient(parseText(text));
    }

    /**
     * Decodes an edge frame from the text of a WebSocket text frame. The size limits count
     * characters here, which is never more than the UTF-8 bytes.
     */
    public EdgeFrame decodeEdgeFrame(String text) throws FrameDecodeException {
        ObjectNode root = parseText(text);
        String id = peekId(root);
        FrameFields fields = new FrameFields(root, "", id);
        return EdgeFrameDecoder.decode(fields.string("type"), fields, id);
    }

    /** Encodes an edge frame as UTF-8 JSON, the payload of a WebSocket text frame. */
    public byte[] encodeEdgeFrame(EdgeFrame frame) {
        try (ByteArrayBuilder out = new ByteArrayBuilder();
                JsonGenerator g = factory.createGenerator(out)) {
            FrameEncoder.write(g, frame);
            g.flush();
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot encode " + frame.type() + " frame", e);
        }
    }

    /** Encodes a client frame as JSON text, the payload of a WebSocket text frame. */
    public String encodeClientFrame(ClientFrame frame) {
        StringWriter out = new StringWriter(128);
        try (JsonGenerator g = factory.createGenerator(out)) {
            FrameEncoder.write(g, frame);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot encode " + frame.type() + " frame", e);
        }
        return out.toString();
    }

    private ClientFrame decodeClient(ObjectNode root) throws FrameDecodeException {
        String id = peekId(root);
        FrameFields fields = new FrameFields(root, "", id);
        return ClientFrameDecoder.decode(fields.string("type"), fields, id);
    }

    private ObjectNode parseText(String text) throws FrameDecodeException {
        // A string of n chars has at least n UTF-8 bytes.
        if (text.length() > maxFrameBytes) {
            throw tooBig(text.length());
        }
        return parse(() -> mapper.readTree(text));
    }

    private interface TreeRead {
        JsonNode read() throws IOException;
    }

    private static ObjectNode parse(TreeRead read) throws FrameDecodeException {
        JsonNode node;
        try {
            node = read.read();
        } catch (JsonProcessingException e) {
            throw new FrameDecodeException(
                    ErrorCode.BAD_REQUEST, "malformed JSON: " + cut(e.getOriginalMessage()), null);
        } catch (IOException e) {
            throw new FrameDecodeException(
                    ErrorCode.BAD_REQUEST, "unreadable frame: " + cut(e.getMessage()), null);
        }
        if (node == null || !node.isObject()) {
            throw new FrameDecodeException(
                    ErrorCode.BAD_REQUEST, "a frame must be a JSON object", null);
        }
        return (ObjectNode) node;
    }

    private static String strictUtf8(byte[] utf8, int offset, int length)
            throws FrameDecodeException {
        return StrictUtf8.decode(utf8, offset, length)
                .orElseThrow(
                        () ->
                                new FrameDecodeException(
                                        ErrorCode.BAD_REQUEST, "frame is not valid UTF-8", null));
    }

    /**
     * The frame's {@code id} if it is a well-formed string of at most {@link
     * ClientFrame#MAX_ID_LENGTH} characters, for error replies; else null.
     */
    private static String peekId(ObjectNode root) {
        JsonNode id = root.get("id");
        if (id == null
                || !id.isTextual()
                || id.textValue().length() > ClientFrame.MAX_ID_LENGTH
                || !FrameFields.isWellFormed(id.textValue())) {
            return null;
        }
        return id.textValue();
    }

    private FrameDecodeException tooBig(int length) {
        return new FrameDecodeException(
                ErrorCode.BAD_REQUEST,
                "frame of at least " + length + " bytes exceeds the limit of " + maxFrameBytes,
                null);
    }

    private static String cut(String message) {
        String m = String.valueOf(message);
        if (m.length() <= MAX_ECHOED_ERROR) {
            return m;
        }
        int end =
                Character.isHighSurrogate(m.charAt(MAX_ECHOED_ERROR - 1))
                        ? MAX_ECHOED_ERROR - 1
                        : MAX_ECHOED_ERROR;
        return m.substring(0, end) + "…";
    }
}
