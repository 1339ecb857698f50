package io.herald.edge.server;

import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.util.ReferenceCountUtil;
import java.util.Locale;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Who may open a WebSocket, checked on the upgrade request before the handshake:
 *
 * <ul>
 *   <li>an {@code Origin} header (sent by every browser) that is not among the allowed origins gets
 *       {@code 403 Forbidden}: another site's page cannot use a visitor's browser, and whatever
 *       ambient credentials it carries, to open a connection (cross-site WebSocket hijacking). A
 *       request without {@code Origin} is not from a browser page and passes; with no allowed
 *       origins configured every origin passes;
 *   <li>beyond the edge's connection limit, {@code 503 Service Unavailable} with {@code
 *       Retry-After}: clients take it as a failed connect and move on to another edge.
 * </ul>
 */
@ChannelHandler.Sharable
final class UpgradeGuard extends ChannelInboundHandlerAdapter {
    private static final Logger LOG = LoggerFactory.getLogger(UpgradeGuard.class);

    /** What a refused client is told to wait before trying this edge again. */
    static final int FULL_RETRY_AFTER_SECONDS = 5;

    private final Set<String> allowedOrigins;
    private final ConnectionSlots slots;

    /** {@code allowedOrigins}: lower case; empty = any. */
    UpgradeGuard(Set<String> allowedOrigins, ConnectionSlots slots) {
        this.allowedOrigins = Set.copyOf(allowedOrigins);
        this.slots = slots;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof FullHttpRequest req && ReadinessGate.isWebSocketPath(req)) {
            String origin = req.headers().get(HttpHeaderNames.ORIGIN);
            if (!originAllowed(origin)) {
                ReferenceCountUtil.release(req);
                LOG.debug(
                        "upgrade refused, origin not allowed remote={}",
                        ctx.channel().remoteAddress());
                HttpRefusal.send(ctx, HttpResponseStatus.FORBIDDEN, "origin not allowed", -1);
                return;
            }
            if (!slots.tryTake(ctx.channel())) {
                ReferenceCountUtil.release(req);
                LOG.debug("upgrade refused, connection limit reached max={}", slots.max());
                HttpRefusal.send(
                        ctx,
                        HttpResponseStatus.SERVICE_UNAVAILABLE,
                        "connection limit reached: try another edge",
                        FULL_RETRY_AFTER_SECONDS);
                return;
            }
        }
        ctx.fireChannelRead(msg);
    }

    private boolean originAllowed(String origin) {
        return origin == null
                || allowedOrigins.isEmpty()
                || allowedOrigins.contains(origin.toLowerCase(Locale.ROOT));
    }
}
