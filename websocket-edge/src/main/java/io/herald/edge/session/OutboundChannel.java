package io.herald.edge.session;

import io.herald.edge.cache.CachedMessage;
import io.herald.edge.fanout.MessageFrames;
import io.herald.edge.metrics.EdgeMetrics;
import io.herald.wire.frame.CloseCode;
import io.herald.wire.frame.EdgeFrame;
import io.herald.wire.frame.ErrorCode;
import io.herald.wire.frame.FrameCodec;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundBuffer;
import io.netty.channel.ChannelOutboundInvoker;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PingWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrameEncoder;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The write side of one connection (vert.x's {@code VertxConnection}): every frame to the client
 * goes through it, on the connection's event loop, and nothing is written after the close frame.
 *
 * <p>Outbound memory is bounded by one limit, the channel's high water mark, and every byte counts
 * against it: replies, replays, live messages, pongs. Replies are written, and the pipeline's
 * {@code InboundGuard} stops reading the connection while its buffer is over the limit, so no more
 * requests add to it. A replay from the cache gets {@link #budget()}: what is left under the limit
 * (the subscription cuts the rest and says {@code partial}). A deep recovery's replay pauses
 * instead: it is written {@link #chunkBytes()} at a time, each chunk once the previous one has left
 * the buffer ({@link #writeThen}). Live messages are written while the buffer is under the limit:
 * when a batch fills it, it is flushed early; if the buffer is still over the limit after that
 * flush, the socket is not draining, and the connection is closed with 4008.
 *
 * <p>Message frames (live and replayed) and flushes enter the pipeline at Netty's WebSocket frame
 * encoder rather than at its tail. A message frame is already a whole WebSocket frame in a {@code
 * ByteBuf}, which every handler above the encoder (deflate, the protocol handler, the guard, the
 * aggregator, the frame handler) passes on untouched, and none of them holds a write back until a
 * flush; below the encoder, TLS still encrypts. Walking those handlers' contexts for each write and
 * flush was more than a quarter of the event loops' samples in Java code in a fan-out profile (the
 * system calls, which it does not see, are most of a delivery's cost). Replies, which are WebSocket
 * frames, go in at the tail as before; everything is written on the event loop, so the order holds.
 */
final class OutboundChannel implements Outbound, ReplaySink {
    private static final Logger LOG = LoggerFactory.getLogger(OutboundChannel.class);

    /** How long a close frame may take to go out before the TCP connection is dropped. */
    static final long CLOSE_GRACE_MS = 5_000;

    private final Channel channel;

    /**
     * Where message frames and flushes enter: the encoder's context, or the channel without one.
     */
    private final ChannelOutboundInvoker frames;

    private final long connectionId;
    private final FrameCodec codec;
    private final EdgeMetrics metrics;
    private final int limitBytes;
    private boolean closing;

    OutboundChannel(
            Channel channel, long connectionId, FrameCodec codec, EdgeMetrics metrics, int limit) {
        this.channel = channel;
        ChannelHandlerContext encoder = channel.pipeline().context(WebSocketFrameEncoder.class);
        this.frames = encoder != null ? encoder : channel;
        this.connectionId = connectionId;
        this.codec = codec;
        this.metrics = metrics;
        this.limitBytes = limit;
    }

    @Override
    public void send(EdgeFrame frame) {
        if (!closing) {
            channel.write(
                    new TextWebSocketFrame(Unpooled.wrappedBuffer(codec.encodeEdgeFrame(frame))),
                    channel.voidPromise());
        }
    }

    @Override
    public void sendError(String requestId, ErrorCode code, String message) {
        if (!closing) {
            metrics.errorSent(code);
            send(new EdgeFrame.ErrorFrame(requestId, code, message));
        }
    }

    @Override
    public void close(int code, String reason) {
        if (closing) {
            return;
        }
        closing = true;
        metrics.closeSent(code);
        channel.writeAndFlush(new CloseWebSocketFrame(code, reason));
        channel.eventLoop().schedule(() -> channel.close(), CLOSE_GRACE_MS, TimeUnit.MILLISECONDS);
    }

    /** True once the close frame is on its way (or the channel closed): nothing more is written. */
    boolean isClosing() {
        return closing;
    }

    /** The channel closed under us: nothing more is written. */
    void channelClosed() {
        closing = true;
    }

    @Override
    public long budget() {
        return Math.max(0, limitBytes - pendingBytes());
    }

    @Override
    public void write(CachedMessage m) {
        if (!closing) {
            frames.write(replayFrame(m), channel.voidPromise());
        }
    }

    @Override
    public void writeThen(CachedMessage m, Runnable sent) {
        if (!closing) {
            frames.writeAndFlush(replayFrame(m))
                    .addListener(
                            f -> {
                                if (f.isSuccess() && !closing) {
                                    sent.run();
                                }
                            });
        }
    }

    @Override
    public long chunkBytes() {
        return limitBytes / 4;
    }

    private ByteBuf replayFrame(CachedMessage m) {
        return MessageFrames.encode(
                channel.alloc(), m.subject(), m.position(), m.content(), m.timestamp(), true);
    }

    /**
     * Writes a live message's shared frame (a retained duplicate; no flush), or returns false: when
     * closing, or when the socket is not draining (then the connection is closed with 4008).
     */
    boolean writeLive(ByteBuf sharedFrame) {
        if (closing) {
            return false;
        }
        if (!channel.isWritable()) {
            // This batch alone filled the buffer: hand what the socket takes now, then judge.
            frames.flush();
            if (!channel.isWritable() && pendingBytes() > limitBytes) {
                slowConsumer();
                return false;
            }
        }
        frames.write(sharedFrame.retainedDuplicate(), channel.voidPromise());
        return true;
    }

    /** Sends a WebSocket ping control frame, flushed. */
    void ping() {
        if (!closing) {
            channel.writeAndFlush(new PingWebSocketFrame(), channel.voidPromise());
        }
    }

    @Override
    public void flush() {
        frames.flush();
    }

    /** Bytes pending on this connection (metrics). Any thread; approximate. */
    long pendingBytes() {
        ChannelOutboundBuffer out = channel.unsafe().outboundBuffer();
        return out == null ? 0 : out.totalPendingWriteBytes();
    }

    /** The client does not read what it is sent: close 4008. */
    void slowConsumer() {
        metrics.slowConsumerDisconnect();
        LOG.info(
                "slow consumer disconnected connection={} remote={} pendingBytes={}",
                connectionId,
                channel.remoteAddress(),
                pendingBytes());
        close(CloseCode.SLOW_CONSUMER.code(), "slow consumer");
    }
}
