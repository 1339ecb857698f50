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
        ClientFrame fromBytes = decoded(() -> CODEC.decodeClientFrame(input, 0, input.length));
        if (fromBytes != null) {
            String encoded = CODEC.encodeClientFrame(fromBytes);
            assertThat(decoded(() -> CODEC.decodeClientFrame(encoded))).isEqualTo(fromBytes);
        }
        String text = new String(input, UTF_8);
        ClientFrame fromText = decoded(() -> CODEC.decodeClientFrame(text));
        if (fromText != null && fromBytes != null) {
            assertThat(fromText).isEqualTo(fromBytes);
        }
        EdgeFrame edge = decoded(() -> CODEC.decodeEdgeFrame(text));
        if (edge != null) {
            String encoded = new String(CODEC.encodeEdgeFrame(edge), UTF_8);
            assertThat(decoded(() -> CODEC.decodeEdgeFrame(encoded))).isEqualTo(edge);
        }
    }

    /** One decoding of untrusted text. */
    private interface Decoding<T> {
        T run() throws FrameDecodeException;
    }

    /** The decoded frame, or null when the decoder refused it with a message. */
    private static <T> T decoded(Decoding<T> decoding) {
        try {
            return decoding.run();
        } catch (FrameDecodeException e) {
            assertThat(e.getMessage()).isNotBlank();
            return null;
        }
    }
}
