package io.herald.edge.server;

import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolHandler;
import io.netty.handler.stream.ChunkedWriteHandler;
import io.netty.util.concurrent.ScheduledFuture;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The HTTP phase of a connection has a deadline: a connection must send a complete request within
 * {@code timeout} of opening, and of each request it sent before (keep-alive), or it is closed.
 * Bytes trickling in do not extend it. When the connection upgrades to WebSocket, the deadline ends
 * (pings and the idle timeout take over) and the handlers of the HTTP phase leave the pipeline with
 * this handler: the chunked writer (the WebSocket write path counts its bytes in the channel's own
 * buffer), the readiness gate, the upgrade guard and the HTTP request handler, which a WebSocket
 * never reaches again; each was a context an idle connection held for the rest of its life. One per
 * channel, after Netty's WebSocket protocol handler (which passes on plain requests and fires the
 * handshake event).
 */
final class RequestDeadline extends ChannelInboundHandlerAdapter {
    /** What only an HTTP request needs, removed once the connection is a WebSocket. */
    private static final List<Class<? extends ChannelHandler>> HTTP_PHASE =
            List.of(
                    ChunkedWriteHandler.class,
                    ReadinessGate.class,
                    UpgradeGuard.class,
                    HttpRequestHandler.class);

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
            for (Class<? extends ChannelHandler> type : HTTP_PHASE) {
                ChannelHandler handler = ctx.pipeline().get(type);
                if (handler != null) {
                    ctx.pipeline().remove(handler);
                }
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
