package io.herald.wire.frame;

import static org.assertj.core.api.Assertions.assertThat;

import io.herald.wire.Position;
import io.herald.wire.Subject;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Mutated valid frames: decoding either succeeds or fails with a FrameDecodeException. */
class FrameDecodingFuzzTest {

    private static final long SEED = 20261130L;
    private static final int ROUNDS = 20_000;
    private static final String JSON_CHARS = "{}[]\":,-0e.\\u";

    private final FrameCodec codec = new FrameCodec(4096);

    @Test
    void neverThrowsAnythingButADecodeErrorOnMutatedInput() {
        List<byte[]> seeds =
                List.of(
                        utf8(
                                codec.encodeClientFrame(
                                        new ClientFrame.Subscribe(
                                                "s",
                                                List.of(
                                                        ClientFrame.SubscriptionRequest.resume(
                                                                Subject.parse("/chat/日本"),
                                                                Position.of(12, 34)),
                                                        ClientFrame.SubscriptionRequest.history(
                                                                Subject.parse("/b"), 3))))),
                        utf8(
                                codec.encodeClientFrame(
                                        new ClientFrame.Publish(
                                                "p", Subject.parse("/a/b"), "é😀"))),
                        codec.encodeEdgeFrame(
                                new EdgeFrame.Message(
                                        Subject.parse("/a"), Position.of(1, 2), "x", 3, true)),
                        codec.encodeEdgeFrame(
                                new EdgeFrame.Subscribed(
                                        "1",
                                        Subject.parse("/a"),
                                        Recovery.COMPLETE,
                                        Position.of(1, 1))));
        Random random = new Random(SEED);
        int decoded = 0;
        for (int round = 0; round < ROUNDS; round++) {
            byte[] input = mutate(seeds.get(random.nextInt(seeds.size())), random);
            if (tryDecode(input)) {
                decoded++;
            }
        }
        // Some mutations stay valid (e.g. inside content), most do not: both paths were taken.
        assertThat(decoded).isBetween(1, ROUNDS - 1);
    }

    private boolean tryDecode(byte[] input) {
        boolean ok = false;
        try {
            codec.decodeClientFrame(input, 0, input.length);
            ok = true;
        } catch (FrameDecodeException expected) {
            assertThat(expected.getMessage()).isNotBlank();
        }
        try {
            codec.decodeEdgeFrame(new String(input, StandardCharsets.UTF_8));
            ok = true;
        } catch (FrameDecodeException expected) {
            assertThat(expected.getMessage()).isNotBlank();
        }
        return ok;
    }

    private static byte[] mutate(byte[] seed, Random random) {
        byte[] out = seed.clone();
        int edits = 1 + random.nextInt(3);
        for (int i = 0; i < edits; i++) {
            int at = random.nextInt(out.length);
            switch (random.nextInt(3)) {
                case 0 -> out[at] = (byte) random.nextInt(256);
                case 1 -> out[at] = (byte) JSON_CHARS.charAt(random.nextInt(JSON_CHARS.length()));
                default -> {
                    byte[] shorter = new byte[at];
                    System.arraycopy(out, 0, shorter, 0, at);
                    out = shorter.length == 0 ? new byte[] {'{'} : shorter;
                }
            }
        }
        return out;
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
