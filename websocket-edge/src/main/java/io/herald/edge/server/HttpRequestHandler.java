package io.herald.edge.server;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Plain HTTP next to the WebSocket endpoint: {@code /healthz} (200 {@code ok} while the edge
 * serves, else 503 with the reason: {@code warming cache}, or {@code failed: …} once it can no
 * longer do its job), {@code /metrics} (Prometheus text) and, when configured, static files at
 * {@code /}. GET and HEAD only. Stateless, shared by every channel.
 */
@ChannelHandler.Sharable
final class HttpRequestHandler extends SimpleChannelInboundHandler<FullHttpRequest> {
    private final Health health;
    private final Supplier<String> metrics;
    private final StaticFiles staticFiles;

    HttpRequestHandler(Health health, Supplier<String> metrics, StaticFiles staticFiles) {
        this.health = health;
        this.metrics = metrics;
        this.staticFiles = staticFiles;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest req) {
        if (!req.decoderResult().isSuccess()) {
            respond(ctx, req, HttpResponseStatus.BAD_REQUEST, "bad request\n", "text/plain");
            return;
        }
        if (!HttpMethod.GET.equals(req.method()) && !HttpMethod.HEAD.equals(req.method())) {
            respond(ctx, req, HttpResponseStatus.METHOD_NOT_ALLOWED, "GET or HEAD\n", "text/plain");
            return;
        }
        String path = new QueryStringDecoder(req.uri()).path();
        switch (path) {
            case "/healthz":
                Optional<String> unavailable = health.unavailable();
                respond(
                        ctx,
                        req,
                        unavailable.isEmpty()
                                ? HttpResponseStatus.OK
                                : HttpResponseStatus.SERVICE_UNAVAILABLE,
                        unavailable.orElse("ok") + "\n",
                        "text/plain; charset=utf-8");
                return;
            case "/metrics":
                respond(
                        ctx,
                        req,
                        HttpResponseStatus.OK,
                        metrics.get(),
                        "text/plain; version=0.0.4; charset=utf-8");
                return;
            default:
                StaticFiles.File file = staticFiles == null ? null : staticFiles.find(path);
                if (file == null) {
                    respond(ctx, req, HttpResponseStatus.NOT_FOUND, "not found\n", "text/plain");
                } else {
                    respond(ctx, req, HttpResponseStatus.OK, file.bytes(), file.contentType());
                }
        }
    }

    private static void respond(
            ChannelHandlerContext ctx,
            FullHttpRequest req,
            HttpResponseStatus status,
            String body,
            String type) {
        respond(ctx, req, status, body.getBytes(StandardCharsets.UTF_8), type);
    }

    private static void respond(
            ChannelHandlerContext ctx,
            FullHttpRequest req,
            HttpResponseStatus status,
            byte[] body,
            String type) {
        boolean head = HttpMethod.HEAD.equals(req.method());
        FullHttpResponse res =
                new DefaultFullHttpResponse(
                        HttpVersion.HTTP_1_1,
                        status,
                        head ? Unpooled.EMPTY_BUFFER : Unpooled.wrappedBuffer(body));
        res.headers()
                .set(HttpHeaderNames.CONTENT_TYPE, type)
                .set(HttpHeaderNames.CONTENT_LENGTH, body.length)
                .set(HttpHeaderNames.CACHE_CONTROL, HttpHeaderValues.NO_CACHE)
                .set("X-Content-Type-Options", "nosniff");
        boolean keepAlive = HttpUtil.isKeepAlive(req) && status.code() < 400;
        if (keepAlive) {
            res.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.KEEP_ALIVE);
            ctx.writeAndFlush(res);
        } else {
            res.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
            ctx.writeAndFlush(res).addListener(ChannelFutureListener.CLOSE);
        }
    }
}
