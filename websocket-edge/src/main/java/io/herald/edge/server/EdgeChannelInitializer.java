package io.herald.edge.server;

import io.herald.edge.session.ConnectionLimits;
import io.herald.edge.session.EdgeServices;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.websocketx.WebSocketCloseStatus;
import io.netty.handler.codec.http.websocketx.WebSocketDecoderConfig;
import io.netty.handler.codec.http.websocketx.WebSocketFrameAggregator;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolConfig;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolHandler;
import io.netty.handler.flow.FlowControlHandler;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.stream.ChunkedWriteHandler;
import java.util.function.LongSupplier;

/**
 * The only place the pipeline is built (Netty's websocketx example). Per channel, in order:
 *
 * <ol>
 *   <li>with TLS configured, the TLS handler: the port then speaks only {@code https://} and {@code
 *       wss://};
 *   <li>HTTP codec, bounded: request line {@value #MAX_REQUEST_LINE_BYTES} bytes (414 above it),
 *       headers {@value #MAX_HEADER_BYTES} bytes (431); a chunked writer that streams static files
 *       as the socket takes them; a small aggregator (handshake and GET requests only);
 *   <li>Netty's {@link FlowControlHandler}: when reading stops, it holds what was already decoded
 *       instead of passing it on, so pipelined requests are answered one at a time;
 *   <li>{@link ReadinessGate}: WebSocket upgrades get 503 until the cache is warm, and once the
 *       edge has failed;
 *   <li>{@link UpgradeGuard}: upgrades from a browser origin not allowed get 403, upgrades beyond
 *       the connection limit 503;
 *   <li>{@link EdgeCompression}: per-message deflate negotiation, decompression bounded by the
 *       frame limit, small replies uncompressed;
 *   <li>{@link InboundGuard}: rates every inbound frame, answers pings, stops reading while the
 *       outbound buffer is over its limit, and sends a reader-idle event down the pipeline after
 *       each ping interval of inbound silence (the connection pings, then closes after the idle
 *       timeout; one {@link IdleSweep} per event loop finds them);
 *   <li>Netty's WebSocket protocol handler at {@code /ws} (query allowed): handshake, close frames,
 *       frame size limit (close 1009); UTF-8 is checked by the connection as it decodes (close
 *       1007);
 *   <li>Netty's frame aggregator for fragmented messages, bounded by the same limit;
 *   <li>{@link RequestDeadline}: a connection must send a complete request in time, until it
 *       upgrades;
 *   <li>{@link HttpRequestHandler} for everything that is not a WebSocket upgrade;
 *   <li>{@link WebSocketFrameHandler}, which hands frames to the connection.
 * </ol>
 */
public final class EdgeChannelInitializer extends ChannelInitializer<SocketChannel> {
    static final String WEBSOCKET_PATH = "/ws";
    private static final int MAX_HTTP_REQUEST_BYTES = 16 * 1024;
    static final int MAX_REQUEST_LINE_BYTES = 4096;
    static final int MAX_HEADER_BYTES = 8192;

    /** How long Netty waits for the peer's close frame before dropping the connection. */
    private static final long CLOSE_TIMEOUT_MS = 5_000;

    private final ConnectionLimits limits;
    private final EdgeServices services;
    private final ConnectionRegistry registry;
    private final HttpRequestHandler http;
    private final ReadinessGate readinessGate;
    private final UpgradeGuard upgradeGuard;
    private final SslContext tls;
    private final WebSocketServerProtocolConfig wsConfig;
    private final LongSupplier nanoTime;
    private final IdleSweep idle;

    /** {@code tls}: null for plain TCP. */
    EdgeChannelInitializer(
            EdgeServices services,
            ConnectionRegistry registry,
            HttpRequestHandler http,
            ReadinessGate readinessGate,
            UpgradeGuard upgradeGuard,
            SslContext tls) {
        this.upgradeGuard = upgradeGuard;
        this.tls = tls;
        this.limits = services.limits();
        this.services = services;
        this.registry = registry;
        this.http = http;
        this.readinessGate = readinessGate;
        this.nanoTime = services.ticker()::nanoTime;
        this.idle = new IdleSweep(limits.pingInterval(), nanoTime);
        this.wsConfig =
                WebSocketServerProtocolConfig.newBuilder()
                        .websocketPath(WEBSOCKET_PATH)
                        .checkStartsWith(true)
                        .handleCloseFrames(true)
                        .sendCloseFrame(WebSocketCloseStatus.NORMAL_CLOSURE)
                        .handshakeTimeoutMillis(10_000)
                        .forceCloseTimeoutMillis(CLOSE_TIMEOUT_MS)
                        .decoderConfig(
                                WebSocketDecoderConfig.newBuilder()
                                        .maxFramePayloadLength(limits.maxFrameBytes())
                                        .allowExtensions(true)
                                        .expectMaskedFrames(true)
                                        .closeOnProtocolViolation(true)
                                        // Connection.onText checks UTF-8 while decoding.
                                        .withUTF8Validator(false)
                                        .build())
                        .build();
    }

    @Override
    protected void initChannel(SocketChannel ch) {
        ChannelPipeline p = ch.pipeline();
        if (tls != null) {
            p.addLast(tls.newHandler(ch.alloc()));
        }
        p.addLast(new HttpServerCodec(MAX_REQUEST_LINE_BYTES, MAX_HEADER_BYTES, 8192));
        p.addLast(new ChunkedWriteHandler());
        p.addLast(new HttpObjectAggregator(MAX_HTTP_REQUEST_BYTES));
        p.addLast(new FlowControlHandler());
        p.addLast(readinessGate);
        p.addLast(upgradeGuard);
        p.addLast(EdgeCompression.handler(limits.maxFrameBytes()));
        p.addLast(
                new InboundGuard(
                        limits.maxRequestsPerSecond(),
                        limits.outboundBufferBytes(),
                        nanoTime,
                        idle));
        p.addLast(new WebSocketServerProtocolHandler(wsConfig));
        p.addLast(new WebSocketFrameAggregator(limits.maxFrameBytes()));
        p.addLast(new RequestDeadline(limits.httpRequestTimeout()));
        p.addLast(http);
        p.addLast(new WebSocketFrameHandler(services, registry));
    }
}
