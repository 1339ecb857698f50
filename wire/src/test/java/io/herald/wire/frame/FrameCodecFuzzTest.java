package io.herald.wire.frame;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * Coverage-guided fuzzing (Jazzer) of the frame decoders an edge and a client run on untrusted
 * text. Any input either decodes, or fails with a {@link FrameDecodeException} carrying a message:
 * nothing else may escape (an edge would drop the connection abruptly, or worse). A decoded frame
 * encodes back to text that decodes to the same frame. The seed corpus is under {@code
 * FrameCodecFuzzTestInputs/} in the test resources; the build fuzzes for {@code maxDuration}
 * (docs/security.md, "Fuzzing").
 */
class FrameCodecFuzzTest {

    private static final FrameCodec CODEC = new FrameCodec(4096);

    @FuzzTest(maxDuration = "10s")
    void decodesOrRejectsEveryFrame(byte[] input) {
        ClientFrame fromBytes = client(input);
        if (fromBytes != null) {
            assertThat(client(CODEC.encodeClientFrame(fromBytes).getBytes(UTF_8)))
                    .isEqualTo(fromBytes);
        }
        String text = new String(input, UTF_8);
        ClientFrame fromText = clientText(text);
        if (fromText != null && fromBytes != null) {
            assertThat(fromText).isEqualTo(fromBytes);
        }
        EdgeFrame edge = edge(text);
        if (edge != null) {
            assertThat(edge(new String(CODEC.encodeEdgeFrame(edge), UTF_8))).isEqualTo(edge);
        }
    }

    private static ClientFrame client(byte[] utf8) {
        try {
            return CODEC.decodeClientFrame(utf8, 0, utf8.length);
        } catch (FrameDecodeException e) {
            assertThat(e.getMessage()).isNotBlank();
            return null;
        }
    }

    private static ClientFrame clientText(String text) {
        try {
            return CODEC.decodeClientFrame(text);
        } catch (FrameDecodeException e) {
            assertThat(e.getMessage()).isNotBlank();
            return null;
        }
    }

    private static EdgeFrame edge(String text) {
        try {
            return CODEC.decodeEdgeFrame(text);
        } catch (FrameDecodeException e) {
            assertThat(e.getMessage()).isNotBlank();
            return null;
        }
    }
}
