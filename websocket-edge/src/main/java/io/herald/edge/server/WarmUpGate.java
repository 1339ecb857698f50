package io.herald.edge.server;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.util.ReferenceCountUtil;
import java.nio.charset.StandardCharsets;
import java.util.function.BooleanSupplier;

/**
 * Refuses WebSocket upgrades with {@code 503 Service Unavailable} (and {@code Retry-After: 1})
 * until the cache is warm.
 *
 * <p>An edge that has not yet read the last TTL of messages cannot prove that it holds every
 * message after a client's position, so it would have to answer every resume with {@code recovery:
 * "partial"}. Refusing the handshake instead sends the client on to another edge (the clients move
 * to the next URL on a failed connect), where the resume is {@code complete}; during a rolling
 * restart no client lands on an edge that is still warming up. Everything else (health, metrics,
 * static files) passes through.
 */
@ChannelHandler.Sharable
final class WarmUpGate extends ChannelInboundHandlerAdapter {
    private static final byte[] BODY = "warming cache\n".getBytes(StandardCharsets.UTF_8);

    private final BooleanSupplier ready;

    WarmUpGate(BooleanSupplier ready) {
        this.ready = ready;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof FullHttpRequest req && isWebSocketPath(req) && !ready.getAsBoolean()) {
            ReferenceCountUtil.release(req);
            FullHttpResponse res =
                    new DefaultFullHttpResponse(
                            HttpVersion.HTTP_1_1,
                            HttpResponseStatus.SERVICE_UNAVAILABLE,
                            Unpooled.wrappedBuffer(BODY));
            res.headers()
                    .set(HttpHeaderNames.CONTENT_TYPE, "text/plain; charset=utf-8")
                    .set(HttpHeaderNames.CONTENT_LENGTH, BODY.length)
                    .set(HttpHeaderNames.RETRY_AFTER, 1)
                    .set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
            ctx.writeAndFlush(res).addListener(ChannelFutureListener.CLOSE);
            return;
        }
        ctx.fireChannelRead(msg);
    }

    private static boolean isWebSocketPath(FullHttpRequest req) {
        String path = new QueryStringDecoder(req.uri()).path();
        return path.equals(EdgeChannelInitializer.WEBSOCKET_PATH)
                || path.startsWith(EdgeChannelInitializer.WEBSOCKET_PATH + "/");
    }
}
