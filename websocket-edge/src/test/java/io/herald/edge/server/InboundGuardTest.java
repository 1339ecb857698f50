package io.herald.edge.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelOutboundBuffer;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.ContinuationWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PingWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PongWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.util.ReferenceCountUtil;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Every inbound frame is rated, pings are answered only while the socket drains, a connection whose
 * outbound buffer is over its limit is not read until it drains, or is closed, and silence brings
 * reader-idle events, one per ping interval.
 */
class InboundGuardTest {
    private static final int LIMIT = 1024;
    private static final Duration PING_INTERVAL = Duration.ofSeconds(20);

    /**
     * A socket that takes nothing: flushed writes stay pending, as with a client that never reads.
     */
    private static final class StuckChannel extends EmbeddedChannel {
        boolean stuck;

        @Override
        protected void doWrite(ChannelOutboundBuffer in) throws Exception {
            if (!stuck) {
                super.doWrite(in);
            }
        }
    }

    /** What passes the guard: messages (released) and user events. */
    private static final class Recorder extends ChannelInboundHandlerAdapter {
        final List<Class<?>> passed = new ArrayList<>();
        final List<Object> events = new ArrayList<>();

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            passed.add(msg.getClass());
            ReferenceCountUtil.release(msg);
        }

        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
            events.add(evt);
        }
    }

    private long now;
    private final IdleSweep idle = new IdleSweep(PING_INTERVAL, () -> now);
    private final StuckChannel channel = new StuckChannel();
    private final Recorder recorder = new Recorder();

    private void install(int framesPerSecond) {
        channel.config().setWriteBufferWaterMark(new WriteBufferWaterMark(LIMIT / 2, LIMIT));
        channel.pipeline()
                .addLast(new InboundGuard(framesPerSecond, LIMIT, () -> now, idle), recorder);
    }

    /** Time passes, then the channel's loop sweeps its connections. */
    private void sweepAfter(Duration elapsed) {
        now += elapsed.toNanos();
        idle.sweep(channel.eventLoop());
    }

    /** Puts before the recorder a handler answering each frame with {@code bytes} bytes. */
    private void answerEveryFrameWith(int bytes) {
        channel.pipeline()
                .addBefore(
                        channel.pipeline().context(recorder).name(),
                        "replies",
                        new ChannelInboundHandlerAdapter() {
                            @Override
                            public void channelRead(ChannelHandlerContext ctx, Object msg) {
                                ctx.writeAndFlush(Unpooled.wrappedBuffer(new byte[bytes]));
                                ReferenceCountUtil.release(msg);
                            }
                        });
    }

    @AfterEach
    void tearDown() {
        channel.stuck = false;
        channel.finishAndReleaseAll();
    }

    @Test
    void everyKindOfFrameCountsAgainstTheRate() {
        install(3); // bursts of 6
        channel.writeInbound(new TextWebSocketFrame(false, 0, "{\"type\":"));
        channel.writeInbound(new ContinuationWebSocketFrame(true, 0, "\"ping\"}"));
        channel.writeInbound(new BinaryWebSocketFrame(Unpooled.wrappedBuffer(new byte[1])));
        channel.writeInbound(new PingWebSocketFrame(Unpooled.wrappedBuffer(new byte[1])));
        channel.writeInbound(new PongWebSocketFrame());
        channel.writeInbound(new PingWebSocketFrame());
        assertThat(recorder.events).isEmpty();

        channel.writeInbound(new PongWebSocketFrame());
        assertThat(recorder.events).containsExactly(GuardEvent.TOO_MANY_REQUESTS);

        channel.writeInbound(new TextWebSocketFrame("{}"));
        channel.writeInbound(new CloseWebSocketFrame(1000, "bye"));
        assertThat(recorder.passed)
                .containsExactly(
                        TextWebSocketFrame.class,
                        ContinuationWebSocketFrame.class,
                        BinaryWebSocketFrame.class,
                        CloseWebSocketFrame.class);
        assertThat(recorder.events).containsExactly(GuardEvent.TOO_MANY_REQUESTS);
    }

    @Test
    void theRateRefillsAsTimePasses() {
        install(2);
        for (int i = 0; i < 4; i++) {
            channel.writeInbound(new TextWebSocketFrame("{}"));
        }
        now += 1_000_000_000L;
        channel.writeInbound(new TextWebSocketFrame("{}"));
        channel.writeInbound(new TextWebSocketFrame("{}"));
        assertThat(recorder.passed).hasSize(6);
        assertThat(recorder.events).isEmpty();
    }

    @Test
    void pingsGoUnansweredAndReadingStopsWhileTheClientDoesNotRead() {
        install(1_000_000);
        channel.stuck = true;
        byte[] payload = new byte[125];
        for (int i = 0; i < 100; i++) {
            channel.writeInbound(new PingWebSocketFrame(Unpooled.wrappedBuffer(payload)));
        }
        long pending = channel.unsafe().outboundBuffer().totalPendingWriteBytes();
        // A pong of 125 bytes, while pending stays under the limit, and not one more.
        assertThat(pending).isBetween((long) LIMIT, LIMIT + 125L);
        assertThat(channel.config().isAutoRead()).isFalse();
        assertThat(pending / 125).isLessThan(100);

        channel.stuck = false;
        channel.flush(); // the client reads: the socket drains below the low water mark
        assertThat(channel.isWritable()).isTrue();
        assertThat(channel.config().isAutoRead()).isTrue();
        assertThat(recorder.events).isEmpty();
    }

    @Test
    void aConnectionThatStaysOverTheLimitOverflows() {
        install(1_000_000);
        channel.stuck = true;
        answerEveryFrameWith(LIMIT + 1);
        channel.writeInbound(new TextWebSocketFrame("{}"));
        assertThat(channel.config().isAutoRead()).isFalse();
        assertThat(recorder.events).isEmpty();

        sweepAfter(PING_INTERVAL);
        assertThat(recorder.events).containsExactly(GuardEvent.OUTBOUND_OVERFLOW);
    }

    @Test
    void silenceBringsAReaderIdleEventEveryPingIntervalAndAReadStartsAnewSilence() {
        install(1_000_000);
        sweepAfter(PING_INTERVAL.minusMillis(1));
        assertThat(recorder.events).isEmpty();

        sweepAfter(Duration.ofMillis(1));
        assertThat(recorder.events).containsExactly(IdleStateEvent.FIRST_READER_IDLE_STATE_EVENT);
        sweepAfter(PING_INTERVAL.minusMillis(1));
        sweepAfter(Duration.ofMillis(1));
        assertThat(recorder.events)
                .containsExactly(
                        IdleStateEvent.FIRST_READER_IDLE_STATE_EVENT,
                        IdleStateEvent.READER_IDLE_STATE_EVENT);

        recorder.events.clear();
        channel.writeInbound(new PongWebSocketFrame()); // any inbound traffic
        sweepAfter(PING_INTERVAL.minusMillis(1));
        assertThat(recorder.events).isEmpty();
        sweepAfter(Duration.ofMillis(1));
        assertThat(recorder.events).containsExactly(IdleStateEvent.FIRST_READER_IDLE_STATE_EVENT);
    }

    @Test
    void aClosedConnectionIsNoLongerSwept() {
        install(1_000_000);
        channel.close();
        sweepAfter(PING_INTERVAL.multipliedBy(3));
        assertThat(recorder.events).isEmpty();
    }

    @Test
    void pendingBytesOfTwiceTheLimitOverflowAtOnce() {
        install(1_000_000);
        channel.stuck = true;
        answerEveryFrameWith(LIMIT + 1);
        channel.writeInbound(new TextWebSocketFrame("{}"));
        assertThat(recorder.events).isEmpty();
        channel.writeInbound(new TextWebSocketFrame("{}")); // already decoded when reading stopped
        assertThat(recorder.events).containsExactly(GuardEvent.OUTBOUND_OVERFLOW);
    }
}
