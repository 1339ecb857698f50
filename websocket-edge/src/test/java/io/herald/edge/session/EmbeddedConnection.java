package io.herald.edge.session;

import static org.assertj.core.api.Assertions.assertThat;

import io.herald.edge.TestClock;
import io.herald.edge.auth.Authenticator;
import io.herald.edge.cache.CacheLimits;
import io.herald.edge.cache.MessageCache;
import io.herald.edge.deep.DeepRecoveries;
import io.herald.edge.deep.DeepRecoveryLimits;
import io.herald.edge.fanout.FanoutBatch;
import io.herald.edge.fanout.Hub;
import io.herald.edge.fanout.MessageFrames;
import io.herald.edge.metrics.EdgeMetrics;
import io.herald.edge.publish.PublishRegistry;
import io.herald.wire.SequencedMessage;
import io.herald.wire.frame.ClientFrame;
import io.herald.wire.frame.EdgeFrame;
import io.herald.wire.frame.FrameCodec;
import io.herald.wire.frame.FrameDecodeException;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.buffer.UnpooledByteBufAllocator;
import io.netty.channel.ChannelOutboundBuffer;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PingWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.MockTicker;
import io.netty.util.concurrent.Ticker;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * One {@link Connection} on Netty's {@link EmbeddedChannel}, with a real hub and cache on the
 * channel's event loop, time that moves only when told ({@link #advance}), a publish queue that
 * records what it is given, and a socket that can stop draining ({@link #stallSocket}). What the
 * edge wrote is read back as the client would see it ({@link #written()}).
 */
final class EmbeddedConnection implements AutoCloseable {
    static final ConnectionLimits LIMITS =
            new ConnectionLimits(
                    64 * 1024,
                    3,
                    8 * 1024,
                    2,
                    100,
                    3,
                    Duration.ofSeconds(10),
                    Duration.ofSeconds(20),
                    Duration.ofSeconds(60),
                    Duration.ofSeconds(10),
                    Duration.ofSeconds(10));
    static final FrameCodec CODEC = FrameCodec.withDefaults();

    /** A close frame the edge sent. */
    record Closed(int code, String reason) {}

    /** A WebSocket ping the edge sent. */
    record Ping() {}

    /** A socket whose kernel buffer can fill up: flushed writes then stay queued in Netty. */
    static final class StallingChannel extends EmbeddedChannel {
        private boolean stalled;

        StallingChannel(MockTicker ticker) {
            super(EmbeddedChannel.builder().ticker(ticker));
        }

        @Override
        protected void doWrite(ChannelOutboundBuffer in) throws Exception {
            if (!stalled) {
                super.doWrite(in);
            }
        }
    }

    final MockTicker ticker = Ticker.newMockTicker();
    final TestClock clock = new TestClock(1_000_000_000L);
    final EdgeMetrics metrics = new EdgeMetrics();
    final StallingChannel channel = new StallingChannel(ticker);
    final Hub hub =
            new Hub(
                    new MessageCache(
                            new CacheLimits(Duration.ofSeconds(180), 1000, 1 << 24), clock),
                    List.of(channel.eventLoop()),
                    metrics,
                    UnpooledByteBufAllocator.DEFAULT);
    final PublishRegistry publishRegistry = new PublishRegistry();
    final List<ProducerRecord<byte[], byte[]>> queued = new ArrayList<>();
    final Connection connection;
    private final ConnectionLimits limits;
    private boolean queueFull;

    EmbeddedConnection() {
        this(LIMITS, null);
    }

    /** {@code authenticator}: null for authentication off. */
    EmbeddedConnection(ConnectionLimits limits, Authenticator authenticator) {
        this.limits = limits;
        int high = limits.outboundBufferBytes();
        channel.config().setWriteBufferWaterMark(new WriteBufferWaterMark(high / 2, high));
        EdgeServices services =
                new EdgeServices(
                        limits,
                        Set.of("demo"),
                        hub,
                        CODEC,
                        metrics,
                        publishRegistry,
                        (p, record) -> !queueFull && queued.add(record),
                        authenticator,
                        new FaultInjector(0),
                        new DeepRecoveries(
                                new DeepRecoveryLimits(0, 1, 1),
                                hub,
                                metrics,
                                "messages.sequenced",
                                () -> {
                                    throw new AssertionError("deep recovery is off");
                                },
                                Thread::new),
                        ticker);
        connection = new Connection(services, channel);
    }

    ConnectionLimits limits() {
        return limits;
    }

    /** A request from the client, as its JSON text frame. */
    void send(ClientFrame frame) {
        send(CODEC.encodeClientFrame(frame));
    }

    /** A text frame from the client. */
    void send(String json) {
        connection.onText(Unpooled.wrappedBuffer(json.getBytes(StandardCharsets.UTF_8)));
    }

    /** Offers sequenced messages to the hub as one consumer poll and runs the loop's batch. */
    void live(SequencedMessage... messages) {
        FanoutBatch batch = hub.newBatch();
        for (SequencedMessage m : messages) {
            hub.offer(m, batch);
            publishRegistry.onSequenced(m, batch);
        }
        assertThat(batch.dispatch()).isTrue();
        channel.runPendingTasks();
    }

    /** Lets {@code d} pass: timers due by then run. */
    void advance(Duration d) {
        ticker.advance(d.toNanos(), TimeUnit.NANOSECONDS);
        channel.runScheduledPendingTasks();
        channel.runPendingTasks();
    }

    /** The socket stops taking bytes (true) or drains everything queued (false). */
    void stallSocket(boolean stalled) {
        channel.stalled = stalled;
        if (!stalled) {
            channel.flush();
        }
    }

    /** Makes the publish queue refuse (full) or accept. */
    void queueFull(boolean full) {
        queueFull = full;
    }

    /**
     * Everything written to the socket since the last call, as the client sees it: {@link
     * EdgeFrame}s, {@link Closed} and {@link Ping}.
     */
    List<Object> written() {
        List<Object> out = new ArrayList<>();
        Object msg;
        while ((msg = channel.readOutbound()) != null) {
            try {
                out.add(decode(msg));
            } finally {
                ReferenceCountUtil.release(msg);
            }
        }
        return out;
    }

    /** The edge frames written since the last call, of type {@code type} only. */
    <T> List<T> written(Class<T> type) {
        return written().stream().filter(type::isInstance).map(type::cast).toList();
    }

    private static Object decode(Object msg) {
        if (msg instanceof TextWebSocketFrame text) {
            return edgeFrame(text.text());
        }
        if (msg instanceof CloseWebSocketFrame close) {
            return new Closed(close.statusCode(), close.reasonText());
        }
        if (msg instanceof PingWebSocketFrame) {
            return new Ping();
        }
        if (msg instanceof ByteBuf frame) {
            // A pre-encoded message frame (MessageFrames): RFC 6455 header, then the JSON.
            int header = MessageFrames.headerLength(frame);
            return edgeFrame(
                    frame.toString(
                            frame.readerIndex() + header,
                            frame.readableBytes() - header,
                            StandardCharsets.UTF_8));
        }
        throw new AssertionError("unexpected outbound message " + msg);
    }

    private static EdgeFrame edgeFrame(String json) {
        try {
            return CODEC.decodeEdgeFrame(json);
        } catch (FrameDecodeException e) {
            throw new AssertionError(
                    "the edge wrote a frame the protocol does not allow: " + json, e);
        }
    }

    @Override
    public void close() {
        channel.stalled = false;
        channel.finishAndReleaseAll();
    }
}
