package io.herald.wire.frame;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import io.herald.wire.ProtocolVectors;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The codec's edge side (decoding client frames, as the edge does from the socket's bytes) and its
 * client side (encoding them) against docs/protocol/vectors/client-frames.json.
 */
class ClientFrameVectorsTest {

    private static final String FILE = "client-frames.json";

    private final FrameCodec codec = FrameCodec.withDefaults();

    static Stream<Arguments> valid() {
        return ProtocolVectors.cases(FILE, "/valid", "name");
    }

    static Stream<Arguments> invalid() {
        return ProtocolVectors.cases(FILE, "/invalid", "name");
    }

    private ClientFrame decode(String json) throws FrameDecodeException {
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        ClientFrame frame = codec.decodeClientFrame(bytes, 0, bytes.length);
        assertThat(codec.decodeClientFrame(json)).isEqualTo(frame);
        return frame;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("valid")
    void decodesToItsFieldsAndEncodesToItsCanonicalText(String name, JsonNode v) throws Exception {
        String json = v.path("json").textValue();
        ClientFrame frame = decode(json);
        assertThat(FrameViews.of(frame)).isEqualTo(v.path("decoded"));
        assertThat(codec.encodeClientFrame(frame)).isEqualTo(json);
        for (JsonNode variant : v.path("variants")) {
            assertThat(decode(variant.textValue())).as(variant.textValue()).isEqualTo(frame);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalid")
    void isAnsweredWithItsErrorCode(String name, JsonNode v) throws Exception {
        String json = v.path("json").textValue();
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        FrameDecodeException e =
                catchThrowableOfType(
                        FrameDecodeException.class,
                        () -> codec.decodeClientFrame(bytes, 0, bytes.length));
        assertThat(e).as("decoding %s", json).isNotNull();
        ErrorCode code = ErrorCode.valueOf(v.path("error").textValue());
        assertThat(e.code()).isEqualTo(code);
        assertThat(e instanceof UnknownFrameTypeException)
                .isEqualTo(code == ErrorCode.UNKNOWN_TYPE);
        assertThat(e.requestId().orElse(null)).isEqualTo(v.path("id").textValue());
        if (v.has("field")) {
            assertThat(e.getMessage()).startsWith(v.path("field").textValue() + " ");
        }
        FrameDecodeException fromText =
                catchThrowableOfType(
                        FrameDecodeException.class, () -> codec.decodeClientFrame(json));
        assertThat(fromText.code()).isEqualTo(code);

        // The answer the edge sends is itself a valid error frame.
        EdgeFrame answer =
                codec.decodeEdgeFrame(
                        new String(
                                codec.encodeEdgeFrame(e.toErrorFrame()), StandardCharsets.UTF_8));
        assertThat(answer).isEqualTo(e.toErrorFrame());
    }

    @Test
    void everyClientFrameTypeHasAValidVector() throws Exception {
        Set<Class<?>> covered = new HashSet<>();
        for (JsonNode v : ProtocolVectors.entries(FILE, "/valid")) {
            covered.add(decode(v.path("json").textValue()).getClass());
        }
        assertThat(covered)
                .containsExactlyInAnyOrderElementsOf(
                        Arrays.asList(ClientFrame.class.getPermittedSubclasses()));
    }

    @Test
    void everyErrorCodeTheDecoderAnswersHasAnInvalidVector() {
        assertThat(
                        ProtocolVectors.entries(FILE, "/invalid").stream()
                                .map(v -> ErrorCode.valueOf(v.path("error").textValue())))
                .contains(ErrorCode.BAD_REQUEST, ErrorCode.INVALID_SUBJECT, ErrorCode.UNKNOWN_TYPE);
    }
}
