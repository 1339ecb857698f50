package io.herald.edge.server;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import java.nio.charset.StandardCharsets;

/** An HTTP answer that refuses a WebSocket upgrade and closes the connection. */
final class HttpRefusal {
    private HttpRefusal() {}

    /**
     * Sends {@code status} with {@code reason} as a one-line text body ({@code Retry-After:
     * retryAfterSeconds} unless negative), then closes.
     */
    static void send(
            ChannelHandlerContext ctx,
            HttpResponseStatus status,
            String reason,
            int retryAfterSeconds) {
        byte[] body = (reason + "\n").getBytes(StandardCharsets.UTF_8);
        FullHttpResponse res =
                new DefaultFullHttpResponse(
                        HttpVersion.HTTP_1_1, status, Unpooled.wrappedBuffer(body));
        res.headers()
                .set(HttpHeaderNames.CONTENT_TYPE, "text/plain; charset=utf-8")
                .set(HttpHeaderNames.CONTENT_LENGTH, body.length)
                .set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        if (retryAfterSeconds >= 0) {
            res.headers().set(HttpHeaderNames.RETRY_AFTER, retryAfterSeconds);
        }
        ctx.writeAndFlush(res).addListener(ChannelFutureListener.CLOSE);
    }
}
