package io.herald.edge.server;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolHandler;
import io.netty.handler.stream.ChunkedWriteHandler;
import io.netty.util.concurrent.ScheduledFuture;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * The HTTP phase of a connection has a deadline: a connection must send a complete request within
 * {@code timeout} of opening, and of each request it sent before (keep-alive), or it is closed.
 * Bytes trickling in do not extend it. When the connection upgrades to WebSocket, the deadline ends
 * (pings and the idle timeout take over) and the HTTP-only chunked writer leaves the pipeline with
 * this handler: the WebSocket write path counts its bytes in the channel's own buffer. One per
 * channel, after Netty's WebSocket protocol handler (which passes on plain requests and fires the
 * handshake event).
 */
final class RequestDeadline extends ChannelInboundHandlerAdapter {
    private final long timeoutNanos;
    private ScheduledFuture<?> deadline;

    RequestDeadline(Duration timeout) {
        this.timeoutNanos = timeout.toNanos();
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        if (ctx.channel().isActive()) {
            arm(ctx);
        }
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        arm(ctx);
        ctx.fireChannelActive();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof FullHttpRequest) {
            arm(ctx);
        }
        ctx.fireChannelRead(msg);
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        if (evt instanceof WebSocketServerProtocolHandler.HandshakeComplete) {
            ChunkedWriteHandler chunked = ctx.pipeline().get(ChunkedWriteHandler.class);
            if (chunked != null) {
                ctx.pipeline().remove(chunked);
            }
            ctx.fireUserEventTriggered(evt);
            ctx.pipeline().remove(this);
            return;
        }
        ctx.fireUserEventTriggered(evt);
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        cancel();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        cancel();
        ctx.fireChannelInactive();
    }

    private void arm(ChannelHandlerContext ctx) {
        cancel();
        deadline = ctx.executor().schedule(() -> ctx.close(), timeoutNanos, TimeUnit.NANOSECONDS);
    }

    private void cancel() {
        if (deadline != null) {
            deadline.cancel(false);
            deadline = null;
        }
    }
}
