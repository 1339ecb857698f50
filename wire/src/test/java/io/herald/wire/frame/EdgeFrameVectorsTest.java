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
 * The codec's edge side (encoding edge frames) and its client side (decoding them, as the Java
 * client does) against docs/protocol/vectors/edge-frames.json.
 */
class EdgeFrameVectorsTest {

    private static final String FILE = "edge-frames.json";

    private final FrameCodec codec = FrameCodec.withDefaults();

    static Stream<Arguments> valid() {
        return ProtocolVectors.cases(FILE, "/valid", "name");
    }

    static Stream<Arguments> invalid() {
        return ProtocolVectors.cases(FILE, "/invalid", "name");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("valid")
    void decodesToItsFieldsAndEncodesToItsCanonicalText(String name, JsonNode v) throws Exception {
        String json = v.path("json").textValue();
        EdgeFrame frame = codec.decodeEdgeFrame(json);
        assertThat(FrameViews.of(frame)).isEqualTo(v.path("decoded"));
        assertThat(new String(codec.encodeEdgeFrame(frame), StandardCharsets.UTF_8))
                .isEqualTo(json);
        for (JsonNode variant : v.path("variants")) {
            assertThat(codec.decodeEdgeFrame(variant.textValue()))
                    .as(variant.textValue())
                    .isEqualTo(frame);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalid")
    void isRefusedWithItsErrorCode(String name, JsonNode v) {
        String json = v.path("json").textValue();
        FrameDecodeException e =
                catchThrowableOfType(FrameDecodeException.class, () -> codec.decodeEdgeFrame(json));
        assertThat(e).as("decoding %s", json).isNotNull();
        ErrorCode code = ErrorCode.valueOf(v.path("error").textValue());
        assertThat(e.code()).isEqualTo(code);
        assertThat(e instanceof UnknownFrameTypeException)
                .isEqualTo(code == ErrorCode.UNKNOWN_TYPE);
        if (v.has("field")) {
            assertThat(e.getMessage()).startsWith(v.path("field").textValue() + " ");
        }
    }

    @Test
    void everyEdgeFrameTypeAndRecoveryHasAValidVector() throws Exception {
        Set<Class<?>> types = new HashSet<>();
        Set<Recovery> recoveries = new HashSet<>();
        for (JsonNode v : ProtocolVectors.entries(FILE, "/valid")) {
            EdgeFrame frame = codec.decodeEdgeFrame(v.path("json").textValue());
            types.add(frame.getClass());
            if (frame instanceof EdgeFrame.Subscribed s) {
                recoveries.add(s.recovery());
            }
        }
        assertThat(types)
                .containsExactlyInAnyOrderElementsOf(
                        Arrays.asList(EdgeFrame.class.getPermittedSubclasses()));
        assertThat(recoveries).containsExactlyInAnyOrder(Recovery.values());
    }
}
