package io.herald.edge.session;

import static org.assertj.core.api.Assertions.assertThat;

import io.herald.edge.cache.CachedMessage;
import io.herald.edge.fanout.MessageFrames;
import io.herald.edge.metrics.EdgeMetrics;
import io.herald.wire.Position;
import io.herald.wire.Subject;
import io.herald.wire.frame.ErrorCode;
import io.herald.wire.frame.FrameCodec;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.ChannelPromise;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.websocketx.WebSocket13FrameEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Message frames enter the pipeline at the WebSocket encoder; replies at its tail; in order. */
class OutboundChannelTest {

    /** Counts what passes it on the way out, as any handler above the encoder would see it. */
    private static final class Above extends ChannelOutboundHandlerAdapter {
        final List<Object> seen = new ArrayList<>();

        @Override
        public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
            seen.add(msg);
            ctx.write(msg, promise);
        }
    }

    @Test
    void aLiveFrameSkipsTheHandlersAboveTheEncoderAndLeavesAfterTheReplyWrittenBeforeIt() {
        Above above = new Above();
        EmbeddedChannel channel = new EmbeddedChannel(new WebSocket13FrameEncoder(false), above);
        OutboundChannel out = outboundOf(channel);
        ByteBuf live =
                MessageFrames.encode(
                        ByteBufAllocator.DEFAULT,
                        Subject.parse("/demo/a"),
                        new Position(7, 3),
                        "hi".getBytes(StandardCharsets.UTF_8),
                        0,
                        false);

        out.sendError("r1", ErrorCode.BAD_REQUEST, "first");
        assertThat(out.writeLive(live)).isTrue();
        out.flush();

        assertThat(above.seen)
                .as("only the reply passed the handlers above the encoder")
                .hasSize(1);
        String first = text(channel.readOutbound());
        String second = text(channel.readOutbound());
        assertThat(first).contains("\"type\":\"error\"").contains("first");
        assertThat(second).contains("\"type\":\"message\"").contains("\"seq\":3");
        assertThat((Object) channel.readOutbound()).isNull();
        live.release();
        channel.finishAndReleaseAll();
    }

    @Test
    void replayedFramesSkipTheHandlersAboveTheEncoderAndKeepTheirOrderWithReplies() {
        Above above = new Above();
        EmbeddedChannel channel = new EmbeddedChannel(new WebSocket13FrameEncoder(false), above);
        OutboundChannel out = outboundOf(channel);
        List<Boolean> sent = new ArrayList<>();

        out.sendError("r1", ErrorCode.BAD_REQUEST, "first");
        out.write(cached(1));
        out.writeThen(cached(2), () -> sent.add(true));

        assertThat(above.seen)
                .as("only the reply passed the handlers above the encoder")
                .hasSize(1);
        assertThat(sent).as("the chunk's last frame reported as sent once flushed").hasSize(1);
        assertThat(text(channel.readOutbound())).contains("\"type\":\"error\"");
        assertThat(text(channel.readOutbound())).contains("\"seq\":1").contains("\"replay\":true");
        assertThat(text(channel.readOutbound())).contains("\"seq\":2");
        assertThat((Object) channel.readOutbound()).isNull();
        channel.finishAndReleaseAll();
    }

    @Test
    void withoutAnEncoderEverythingGoesThroughTheChannel() {
        EmbeddedChannel channel = new EmbeddedChannel();
        OutboundChannel out = outboundOf(channel);
        ByteBuf live = ByteBufAllocator.DEFAULT.buffer().writeBytes(new byte[] {1, 2, 3});

        assertThat(out.writeLive(live)).isTrue();
        out.flush();

        ByteBuf written = channel.readOutbound();
        assertThat(written.readableBytes()).isEqualTo(3);
        written.release();
        live.release();
        channel.finishAndReleaseAll();
    }

    private static OutboundChannel outboundOf(EmbeddedChannel channel) {
        return new OutboundChannel(
                channel, 1, FrameCodec.withDefaults(), new EdgeMetrics(), 1 << 20);
    }

    private static CachedMessage cached(long seq) {
        return new CachedMessage(
                Subject.parse("/demo/a"),
                new Position(7, seq),
                "hi".getBytes(StandardCharsets.UTF_8),
                0,
                seq);
    }

    private static String text(Object msg) {
        ByteBuf buf = (ByteBuf) msg;
        try {
            return buf.toString(StandardCharsets.UTF_8);
        } finally {
            buf.release();
        }
    }
}
