package io.herald.wire.frame;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ClientFrameDecodingTest {

    private final FrameCodec codec = FrameCodec.withDefaults();

    private FrameDecodeException failure(String json) {
        FrameDecodeException e =
                catchThrowableOfType(
                        FrameDecodeException.class, () -> codec.decodeClientFrame(json));
        assertThat(e).as("decoding %s", json).isNotNull();
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        FrameDecodeException fromBytes =
                catchThrowableOfType(
                        FrameDecodeException.class,
                        () -> codec.decodeClientFrame(bytes, 0, bytes.length));
        assertThat(fromBytes).isNotNull();
        assertThat(fromBytes.code()).isEqualTo(e.code());
        return e;
    }

    @Test
    void reportsAnUnknownTypeDistinctlyWithTheRequestId() {
        FrameDecodeException e = failure("{\"type\":\"teleport\",\"id\":\"t1\"}");
        assertThat(e).isInstanceOf(UnknownFrameTypeException.class);
        assertThat(((UnknownFrameTypeException) e).type()).isEqualTo("teleport");
        assertThat(e.code()).isEqualTo(ErrorCode.UNKNOWN_TYPE);
        assertThat(e.requestId()).contains("t1");
        assertThat(e.toErrorFrame())
                .isEqualTo(
                        new EdgeFrame.ErrorFrame(
                                "t1", ErrorCode.UNKNOWN_TYPE, "unknown frame type: \"teleport\""));
    }

    @Test
    void rejectsInvalidUtf8Bytes() {
        byte[] bytes = {'{', '"', 't', 'y', 'p', 'e', '"', ':', '"', (byte) 0xC3, '(', '"', '}'};
        FrameDecodeException e =
                catchThrowableOfType(
                        FrameDecodeException.class,
                        () -> codec.decodeClientFrame(bytes, 0, bytes.length));
        assertThat(e.code()).isEqualTo(ErrorCode.BAD_REQUEST);
    }

    /**
     * Found by {@code FrameCodecFuzzTest}: the JSON parser read the overlong two-byte form of a
     * character as that character, so bytes that are not UTF-8 could carry a {@code /} into a
     * subject; strict UTF-8 refuses them, as the text path and WebSocket's own validation do.
     */
    @Test
    void rejectsOverlongUtf8ThatWouldSmuggleACharacter() {
        byte[] head = "{\"type\":\"publish\",\"id\":\"p\",\"subject\":\"/chat/a".getBytes(UTF_8);
        byte[] tail = "b\",\"content\":\"x\"}".getBytes(UTF_8);
        byte[] bytes = new byte[head.length + 2 + tail.length];
        System.arraycopy(head, 0, bytes, 0, head.length);
        bytes[head.length] = (byte) 0xC0;
        bytes[head.length + 1] = (byte) 0xAF;
        System.arraycopy(tail, 0, bytes, head.length + 2, tail.length);

        FrameDecodeException e =
                catchThrowableOfType(
                        FrameDecodeException.class,
                        () -> codec.decodeClientFrame(bytes, 0, bytes.length));

        assertThat(e).as("overlong '/' in a subject").isNotNull();
        assertThat(e.code()).isEqualTo(ErrorCode.BAD_REQUEST);
        assertThat(e.getMessage()).isEqualTo("frame is not valid UTF-8");
    }

    @Test
    void decodesAFrameInsideALargerBuffer() throws Exception {
        byte[] json = "xx{\"type\":\"ping\",\"id\":\"1\"}yy".getBytes(StandardCharsets.UTF_8);
        assertThat(codec.decodeClientFrame(json, 2, json.length - 4))
                .isEqualTo(new ClientFrame.Ping("1"));
    }

    @Test
    void boundsFrameSizeNestingNamesAndNumbers() {
        FrameCodec small = new FrameCodec(1024);
        String big =
                "{\"type\":\"publish\",\"id\":\"p\",\"subject\":\"/a\",\"content\":\""
                        + "x".repeat(1024)
                        + "\"}";
        FrameDecodeException tooBig =
                catchThrowableOfType(
                        FrameDecodeException.class, () -> small.decodeClientFrame(big));
        assertThat(tooBig.code()).isEqualTo(ErrorCode.BAD_REQUEST);
        assertThat(tooBig.getMessage()).contains("exceeds the limit of 1024");
        byte[] bigBytes = big.getBytes(StandardCharsets.UTF_8);
        assertThat(
                        catchThrowableOfType(
                                        FrameDecodeException.class,
                                        () -> small.decodeClientFrame(bigBytes, 0, bigBytes.length))
                                .code())
                .isEqualTo(ErrorCode.BAD_REQUEST);

        String deep =
                "{\"type\":\"ping\",\"id\":\"1\",\"x\":" + "[".repeat(100) + "]".repeat(100) + "}";
        assertThat(failure(deep).getMessage()).startsWith("malformed JSON").contains("depth");

        String longName = "{\"type\":\"ping\",\"id\":\"1\",\"" + "n".repeat(2000) + "\":1}";
        assertThat(failure(longName).code()).isEqualTo(ErrorCode.BAD_REQUEST);

        String longNumber = "{\"type\":\"ping\",\"id\":\"1\",\"x\":" + "9".repeat(100) + "}";
        assertThat(failure(longNumber).code()).isEqualTo(ErrorCode.BAD_REQUEST);
    }

    @Test
    void cutsEchoedHostileInputInErrorMessages() {
        FrameDecodeException e = failure("{\"type\":\"" + "z".repeat(5000) + "\"}");
        assertThat(e.getMessage()).hasSizeLessThan(200).contains("(5000 chars)");
        FrameDecodeException junk = failure("x".repeat(5000));
        assertThat(junk.getMessage().length()).isLessThan(300);
    }
}
