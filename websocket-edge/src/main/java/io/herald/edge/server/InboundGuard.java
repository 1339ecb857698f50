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
 *       over until the next reader-idle event, or whose pending bytes reach twice the limit, gets
 *       {@link GuardEvent#OUTBOUND_OVERFLOW} (close 4008; an HTTP connection is closed).
 * </ul>
 *
 * Event loop only.
 */
final class InboundGuard extends ChannelDuplexHandler {
    private final RateLimiter rate;
    private final LongSupplier nanoTime;
    private final long limitBytes;
    private boolean paused;
    private boolean overRate;
    private boolean overflowed;

    InboundGuard(int framesPerSecond, long limitBytes, LongSupplier nanoTime) {
        this.rate = new RateLimiter(framesPerSecond, nanoTime.getAsLong());
        this.nanoTime = nanoTime;
        this.limitBytes = limitBytes;
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

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        if (evt instanceof IdleStateEvent && paused) {
            overflow(ctx);
            return;
        }
        ctx.fireUserEventTriggered(evt);
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
