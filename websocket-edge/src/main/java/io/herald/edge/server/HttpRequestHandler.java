package io.herald.edge.server;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpChunkedInput;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import io.netty.handler.stream.ChunkedNioFile;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.StandardOpenOption;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Plain HTTP next to the WebSocket endpoint: {@code /healthz} (200 {@code ok} while the edge
 * serves, else 503 with the reason: {@code warming cache}, or {@code failed: …} once it can no
 * longer do its job), {@code /metrics} (Prometheus text) and, when configured, static files at
 * {@code /} (streamed). GET and HEAD only. A request line or headers over the codec's bounds get
 * 414 or 431. Each response is written whole before the next pipelined request is read when the
 * socket does not drain (the pipeline's {@code InboundGuard} stops reading). Stateless, shared by
 * every channel.
 */
@ChannelHandler.Sharable
final class HttpRequestHandler extends SimpleChannelInboundHandler<FullHttpRequest> {
    private final Health health;
    private final Supplier<String> metrics;
    private final StaticFiles staticFiles;
    private final Runnable requestAnswered;

    /** {@code requestAnswered} runs once per request (a metric). */
    HttpRequestHandler(
            Health health,
            Supplier<String> metrics,
            StaticFiles staticFiles,
            Runnable requestAnswered) {
        this.health = health;
        this.metrics = metrics;
        this.staticFiles = staticFiles;
        this.requestAnswered = requestAnswered;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest req) {
        requestAnswered.run();
        if (!req.decoderResult().isSuccess()) {
            Throwable cause = req.decoderResult().cause();
            HttpResponseStatus status =
                    cause instanceof TooLongHttpLineException
                            ? HttpResponseStatus.REQUEST_URI_TOO_LONG
                            : cause instanceof TooLongHttpHeaderException
                                    ? HttpResponseStatus.REQUEST_HEADER_FIELDS_TOO_LARGE
                                    : HttpResponseStatus.BAD_REQUEST;
            respond(ctx, req, status, status.reasonPhrase() + "\n", "text/plain");
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
                    stream(ctx, req, file);
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
        boolean keepAlive = headers(res, req, body.length, type);
        ChannelFuture written = ctx.writeAndFlush(res);
        if (!keepAlive) {
            written.addListener(ChannelFutureListener.CLOSE);
        }
    }

    /**
     * Streams a file as the socket takes it (the pipeline's chunked writer reads the next chunk
     * only while the channel is writable): never read whole, never more than a chunk in memory.
     */
    private static void stream(ChannelHandlerContext ctx, FullHttpRequest req, StaticFiles.File f) {
        Object body;
        if (HttpMethod.HEAD.equals(req.method())) {
            body = LastHttpContent.EMPTY_LAST_CONTENT;
        } else {
            try {
                body =
                        new HttpChunkedInput(
                                new ChunkedNioFile(
                                        FileChannel.open(f.path(), StandardOpenOption.READ)));
            } catch (IOException e) {
                respond(ctx, req, HttpResponseStatus.NOT_FOUND, "not found\n", "text/plain");
                return;
            }
        }
        HttpResponse res = new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK);
        boolean keepAlive = headers(res, req, f.length(), f.contentType());
        ctx.write(res);
        ChannelFuture written = ctx.writeAndFlush(body);
        if (!keepAlive) {
            written.addListener(ChannelFutureListener.CLOSE);
        }
    }

    /** Sets the response's headers; returns whether the connection stays open after it. */
    private static boolean headers(
            HttpResponse res, FullHttpRequest req, long length, String type) {
        res.headers()
                .set(HttpHeaderNames.CONTENT_TYPE, type)
                .set(HttpHeaderNames.CONTENT_LENGTH, length)
                .set(HttpHeaderNames.CACHE_CONTROL, HttpHeaderValues.NO_CACHE)
                .set("X-Content-Type-Options", "nosniff");
        boolean keepAlive = HttpUtil.isKeepAlive(req) && res.status().code() < 400;
        res.headers()
                .set(
                        HttpHeaderNames.CONNECTION,
                        keepAlive ? HttpHeaderValues.KEEP_ALIVE : HttpHeaderValues.CLOSE);
        return keepAlive;
    }
}
