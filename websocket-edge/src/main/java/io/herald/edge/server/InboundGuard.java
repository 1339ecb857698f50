package io.herald.edge.server;

import io.herald.edge.session.RateLimiter;
import io.netty.channel.Channel;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundBuffer;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PingWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PongWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.netty.handler.timeout.IdleStateEvent;
import java.util.function.LongSupplier;

/**
 * Bounds what a connection makes the edge hold, whatever it sends. One per channel, after frame
 * decoding and inflation, before Netty's WebSocket protocol handler; a {@link
 * io.netty.handler.flow.FlowControlHandler} before it holds what was already decoded when reading
 * stops.
 *
 * <ul>
 *   <li><b>Every inbound frame is rated</b>: text, binary, continuation, ping and pong alike. Past
 *       the rate, the frame is dropped and {@link GuardEvent#TOO_MANY_REQUESTS} goes down the
 *       pipeline (close 4029); every later frame but a close is dropped.
 *   <li><b>Pings are answered here</b>, and only while the channel is writable: a client that sends
 *       pings and never reads its pongs gets no more of them (RFC 6455 lets an endpoint answer only
 *       the latest ping). Pongs are dropped. Netty's protocol handler never sees either, so it
 *       never asks for a read on their behalf.
 *   <li><b>Whatever the handlers after it wrote counts</b>: after each inbound message (request,
 *       frame), if the channel's pending bytes passed its high water mark (the outbound limit),
 *       reading stops until the socket drains below the low water mark. A connection that stays
 *       over until its next reader-idle time, or whose pending bytes reach twice the limit, gets
 *       {@link GuardEvent#OUTBOUND_OVERFLOW} (close 4008; an HTTP connection is closed).
 *   <li><b>Silence is noticed</b>: each read completes with a new reader-idle deadline a ping
 *       interval away, which the {@link IdleSweep} of the channel's event loop checks; past it, a
 *       reader-idle {@link IdleStateEvent} goes down the pipeline (the connection pings, then
 *       closes at the idle timeout), again after each further interval of silence.
 * </ul>
 *
 * Event loop only.
 */
final class InboundGuard extends ChannelDuplexHandler {
    private final RateLimiter rate;
    private final LongSupplier nanoTime;
    private final long limitBytes;
    private final IdleSweep idle;
    private ChannelHandlerContext ctx;
    private boolean paused;
    private boolean overRate;
    private boolean overflowed;
    // Kept by the IdleSweep: the reader-idle deadline, whether the next event is the first of
    // this silence, and this guard's slot in its loop's list (-1: not watched).
    private long idleAt;
    private boolean firstIdle;
    private int slot = -1;

    InboundGuard(int framesPerSecond, long limitBytes, LongSupplier nanoTime, IdleSweep idle) {
        this.rate = new RateLimiter(framesPerSecond, nanoTime.getAsLong());
        this.nanoTime = nanoTime;
        this.limitBytes = limitBytes;
        this.idle = idle;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
        if (ctx.channel().isActive()) {
            idle.watch(this, ctx.executor());
        }
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        idle.watch(this, ctx.executor());
        ctx.fireChannelActive();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        idle.unwatch(this, ctx.executor());
        ctx.fireChannelInactive();
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        idle.unwatch(this, ctx.executor());
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        idle.read(this);
        ctx.fireChannelReadComplete();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof WebSocketFrame frame && !(frame instanceof CloseWebSocketFrame)) {
            if (overRate || !rate.tryAcquire(nanoTime.getAsLong())) {
                frame.release();
                if (!overRate) {
                    overRate = true;
                    ctx.fireUserEventTriggered(GuardEvent.TOO_MANY_REQUESTS);
                }
                return;
            }
            if (frame instanceof PingWebSocketFrame) {
                if (ctx.channel().isWritable()) {
                    ctx.writeAndFlush(new PongWebSocketFrame(frame.content()));
                } else {
                    frame.release();
                }
                checkOutbound(ctx);
                return;
            }
            if (frame instanceof PongWebSocketFrame) {
                frame.release();
                return;
            }
        }
        ctx.fireChannelRead(msg);
        checkOutbound(ctx);
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        if (paused && ctx.channel().isWritable()) {
            paused = false;
            ctx.channel().config().setAutoRead(true);
        }
        ctx.fireChannelWritabilityChanged();
    }

    /** The next reader-idle event is due at {@code deadline}, and is the first of a silence. */
    void readAt(long deadline) {
        idleAt = deadline;
        firstIdle = true;
    }

    /**
     * At {@code now}, past the reader-idle deadline: a reader-idle event (an overflow while reading
     * is stopped), and the next deadline an interval later.
     */
    void idleUnless(long now, long intervalNanos) {
        if (now - idleAt < 0) {
            return;
        }
        boolean first = firstIdle;
        firstIdle = false;
        idleAt = now + intervalNanos;
        if (paused) {
            overflow(ctx);
        } else {
            ctx.fireUserEventTriggered(
                    first
                            ? IdleStateEvent.FIRST_READER_IDLE_STATE_EVENT
                            : IdleStateEvent.READER_IDLE_STATE_EVENT);
        }
    }

    int slot() {
        return slot;
    }

    void slot(int slot) {
        this.slot = slot;
    }

    private void checkOutbound(ChannelHandlerContext ctx) {
        Channel channel = ctx.channel();
        if (channel.isWritable()) {
            return;
        }
        if (!paused) {
            paused = true;
            channel.config().setAutoRead(false);
        }
        if (pendingBytes(channel) >= 2 * limitBytes) {
            overflow(ctx);
        }
    }

    private void overflow(ChannelHandlerContext ctx) {
        if (!overflowed) {
            overflowed = true;
            ctx.fireUserEventTriggered(GuardEvent.OUTBOUND_OVERFLOW);
        }
    }

    private static long pendingBytes(Channel channel) {
        ChannelOutboundBuffer out = channel.unsafe().outboundBuffer();
        return out == null ? 0 : out.totalPendingWriteBytes();
    }
}
