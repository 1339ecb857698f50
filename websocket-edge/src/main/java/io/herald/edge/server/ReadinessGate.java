package io.herald.edge.server;

import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.util.ReferenceCountUtil;
import java.util.Optional;

/**
 * Refuses WebSocket upgrades with {@code 503 Service Unavailable} (and {@code Retry-After: 1})
 * while the edge does not serve ({@link Health}): until its cache is warm, and for good once it has
 * failed.
 *
 * <p>An edge that has not yet read the last TTL of messages cannot prove that it holds every
 * message after a client's position, so it would have to answer every resume with {@code recovery:
 * "partial"}. Refusing the handshake instead sends the client on to another edge (the clients move
 * to the next URL on a failed connect), where the resume is {@code complete}; during a rolling
 * restart no client lands on an edge that is still warming up. An edge that no longer reads Kafka
 * would deliver nothing, so it sends clients on too. Everything else (health, metrics, static
 * files) passes through.
 */
@ChannelHandler.Sharable
final class ReadinessGate extends ChannelInboundHandlerAdapter {
    private final Health health;

    ReadinessGate(Health health) {
        this.health = health;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof FullHttpRequest req && isWebSocketPath(req)) {
            Optional<String> unavailable = health.unavailable();
            if (unavailable.isPresent()) {
                ReferenceCountUtil.release(req);
                HttpRefusal.send(ctx, HttpResponseStatus.SERVICE_UNAVAILABLE, unavailable.get(), 1);
                return;
            }
        }
        ctx.fireChannelRead(msg);
    }

    /** Whether {@code req} is for the WebSocket endpoint. */
    static boolean isWebSocketPath(FullHttpRequest req) {
        String path = new QueryStringDecoder(req.uri()).path();
        return path.equals(EdgeChannelInitializer.WEBSOCKET_PATH)
                || path.startsWith(EdgeChannelInitializer.WEBSOCKET_PATH + "/");
    }
}
