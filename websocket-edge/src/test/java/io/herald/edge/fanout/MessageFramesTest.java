package io.herald.edge.fanout;

import static org.assertj.core.api.Assertions.assertThat;

import io.herald.wire.Position;
import io.herald.wire.Subject;
import io.herald.wire.frame.EdgeFrame;
import io.herald.wire.frame.FrameCodec;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.UnpooledByteBufAllocator;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class MessageFramesTest {
    private static final FrameCodec CODEC = FrameCodec.withDefaults();

    private static byte[] payload(ByteBuf frame) {
        int header = MessageFrames.headerLength(frame);
        ByteBuf p = frame.slice(frame.readerIndex() + header, frame.readableBytes() - header);
        return ByteBufUtil.getBytes(p);
    }

    private static byte[] expected(String subject, Position p, String content, long ts, boolean r) {
        return CODEC.encodeEdgeFrame(
                new EdgeFrame.Message(Subject.parse(subject), p, content, ts, r));
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "",
                "hello",
                "quote \" backslash \\ slash /",
                "controls \b\t\n\f\r \u0000 \u0001 \u001f \u007f",
                "unicode é 日本 😀 \u2028",
            })
    void encodesExactlyWhatTheWireCodecWrites(String content) {
        Position p = new Position(1_700_000_000_000L, 42);
        for (boolean replay : new boolean[] {false, true}) {
            ByteBuf f =
                    MessageFrames.encode(
                            UnpooledByteBufAllocator.DEFAULT,
                            Subject.parse("/chat/日本/\"x\\y"),
                            p,
                            content.getBytes(StandardCharsets.UTF_8),
                            123456789L,
                            replay);
            try {
                assertThat(new String(payload(f), StandardCharsets.UTF_8))
                        .isEqualTo(
                                new String(
                                        expected("/chat/日本/\"x\\y", p, content, 123456789L, replay),
                                        StandardCharsets.UTF_8));
            } finally {
                f.release();
            }
        }
    }

    @Test
    void invalidUtf8ContentIsReplacedAsJavaDecodesIt() {
        byte[] bad = {
            'a', (byte) 0xC3, '(', (byte) 0xED, (byte) 0xA0, (byte) 0x80, 'z', (byte) 0xF0
        };
        ByteBuf f =
                MessageFrames.encode(
                        UnpooledByteBufAllocator.DEFAULT,
                        Subject.parse("/a/b"),
                        new Position(0, 0),
                        bad,
                        1,
                        false);
        try {
            String decoded = new String(bad, StandardCharsets.UTF_8);
            assertThat(payload(f))
                    .isEqualTo(expected("/a/b", new Position(0, 0), decoded, 1, false));
        } finally {
            f.release();
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 20, 125, 126, 200, 65535, 65536, 70000})
    void writesAnRfc6455ServerTextFrameHeader(int contentLength) {
        byte[] content = "x".repeat(contentLength).getBytes(StandardCharsets.UTF_8);
        ByteBuf f =
                MessageFrames.encode(
                        UnpooledByteBufAllocator.DEFAULT,
                        Subject.parse("/a/b"),
                        new Position(0, 0),
                        content,
                        1,
                        false);
        try {
            int payloadLength = f.readableBytes() - MessageFrames.headerLength(f);
            int i = f.readerIndex();
            assertThat(f.getByte(i) & 0xff).isEqualTo(0x81); // FIN, text, no RSV bits
            int len7 = f.getByte(i + 1) & 0xff;
            assertThat(len7 & 0x80).isZero(); // servers never mask
            if (payloadLength < 126) {
                assertThat(len7).isEqualTo(payloadLength);
            } else if (payloadLength < 65536) {
                assertThat(len7).isEqualTo(126);
                assertThat(f.getUnsignedShort(i + 2)).isEqualTo(payloadLength);
            } else {
                assertThat(len7).isEqualTo(127);
                assertThat(f.getLong(i + 2)).isEqualTo(payloadLength);
            }
        } finally {
            f.release();
        }
    }

    @Test
    void validatesUtf8Strictly() {
        assertThat(MessageFrames.isValidUtf8("é日😀".getBytes(StandardCharsets.UTF_8))).isTrue();
        assertThat(MessageFrames.isValidUtf8(new byte[] {(byte) 0xC0, (byte) 0x80})).isFalse();
        assertThat(MessageFrames.isValidUtf8(new byte[] {(byte) 0xED, (byte) 0xA0, (byte) 0x80}))
                .isFalse();
        assertThat(MessageFrames.isValidUtf8(new byte[] {(byte) 0xE6, (byte) 0x97})).isFalse();
        assertThat(
                        MessageFrames.isValidUtf8(
                                new byte[] {(byte) 0xF4, (byte) 0x90, (byte) 0x80, (byte) 0x80}))
                .isFalse();
    }
}
