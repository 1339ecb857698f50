package io.herald.edge.server;

import io.herald.edge.session.Connection;
import io.herald.edge.session.EdgeServices;
import io.herald.wire.frame.CloseCode;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.codec.compression.DecompressionException;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CorruptedWebSocketFrameException;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolHandler;
import io.netty.handler.timeout.IdleStateEvent;
import java.io.IOException;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The last handler of a WebSocket channel: creates the {@link Connection} when the handshake
 * completes and passes it data frames and idle events. Netty's handlers before it deal with the
 * handshake, ping/pong, close frames, compression, fragments and size limits. One per channel.
 */
final class WebSocketFrameHandler extends SimpleChannelInboundHandler<WebSocketFrame> {
    private static final Logger LOG = LoggerFactory.getLogger(WebSocketFrameHandler.class);

    private final EdgeServices services;
    private final ConnectionRegistry registry;
    private Connection connection;

    WebSocketFrameHandler(EdgeServices services, ConnectionRegistry registry) {
        this.services = services;
        this.registry = registry;
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
        if (evt instanceof WebSocketServerProtocolHandler.HandshakeComplete hs) {
            connection = new Connection(services, ctx.channel());
            registry.add(ctx.channel(), connection);
            List<String> tokens = new QueryStringDecoder(hs.requestUri()).parameters().get("token");
            connection.opened(tokens == null || tokens.isEmpty() ? null : tokens.get(0));
        } else if (evt instanceof GuardEvent guard) {
            if (connection == null) {
                ctx.close(); // an HTTP connection that does not read its responses
            } else if (guard == GuardEvent.TOO_MANY_REQUESTS) {
                connection.onTooManyRequests();
            } else {
                connection.onOutboundOverflow();
            }
        } else if (evt instanceof IdleStateEvent idle) {
            if (connection != null) {
                connection.onReaderIdle(idle.isFirst());
            } else {
                ctx.close(); // an HTTP connection or a handshake that never came
            }
        } else {
            super.userEventTriggered(ctx, evt);
        }
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, WebSocketFrame frame) {
        if (connection == null) {
            return;
        }
        if (frame instanceof TextWebSocketFrame) {
            connection.onText(frame.content());
        } else if (frame instanceof BinaryWebSocketFrame) {
            connection.onBinary();
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        if (connection != null) {
            registry.remove(ctx.channel());
            connection.closed();
        }
        super.channelInactive(ctx);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if ((cause instanceof TooLongFrameException || cause instanceof DecompressionException)
                && connection != null) {
            // A compressed message that inflates past the frame limit is as big as an
            // uncompressed one over it.
            connection.closeWith(CloseCode.MESSAGE_TOO_BIG.code(), "message too big");
        } else if (cause instanceof CorruptedWebSocketFrameException) {
            LOG.debug(
                    "protocol violation, Netty closed the connection remote={} error={}",
                    ctx.channel().remoteAddress(),
                    cause.getMessage());
        } else if (cause instanceof IOException) {
            LOG.debug(
                    "connection error remote={} error={}",
                    ctx.channel().remoteAddress(),
                    cause.toString());
            ctx.close();
        } else {
            LOG.warn(
                    "closing connection after an error remote={}",
                    ctx.channel().remoteAddress(),
                    cause);
            ctx.close();
        }
    }
}
