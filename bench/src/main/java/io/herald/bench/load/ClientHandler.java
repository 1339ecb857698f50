package io.herald.bench.load;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketClientProtocolHandler;
import java.nio.charset.StandardCharsets;

/**
 * One generator connection: after the handshake it sends its subscribe frame (Herald) or is
 * subscribed already (a channel URL); then it records each delivery's latency, or, resuming, the
 * time until it has the last missed message.
 */
final class ClientHandler extends SimpleChannelInboundHandler<TextWebSocketFrame> {
    private final String subscribe;
    private final long resumeUntil;
    private final GeneratorStats stats;
    private final Runnable handshakeDone;
    private boolean ready;
    private boolean resumed;

    ClientHandler(
            String subscribe, long resumeUntil, GeneratorStats stats, Runnable handshakeDone) {
        this.subscribe = subscribe;
        this.resumeUntil = resumeUntil;
        this.stats = stats;
        this.handshakeDone = handshakeDone;
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
        if (evt == WebSocketClientProtocolHandler.ClientHandshakeStateEvent.HANDSHAKE_COMPLETE) {
            handshakeDone.run();
            if (subscribe == null) {
                markReady();
            } else {
                ByteBuf text = Unpooled.copiedBuffer(subscribe, StandardCharsets.UTF_8);
                ctx.writeAndFlush(new TextWebSocketFrame(text));
            }
        }
        super.userEventTriggered(ctx, evt);
    }

    private void markReady() {
        if (!ready) {
            ready = true;
            stats.ready(1);
        }
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, TextWebSocketFrame frame) {
        ByteBuf content = frame.content();
        long stamp = FrameReader.stamp(content);
        if (stamp >= 0) {
            if (resumeUntil >= 0) {
                stats.replayed();
                if (!resumed && FrameReader.seq(content) >= resumeUntil) {
                    resumed = true;
                    stats.resumed();
                }
            } else {
                stats.delivered(PayloadClock.nowMicros() - stamp);
            }
        } else if (FrameReader.isSubscribed(content)) {
            markReady();
        } else if (FrameReader.isError(content)) {
            stats.error(content.toString(StandardCharsets.UTF_8));
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        stats.error(cause.toString());
        ctx.close();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        if (!ready) {
            handshakeDone.run();
            stats.failed(new IllegalStateException("closed before ready"));
        } else {
            stats.closed();
        }
        super.channelInactive(ctx);
    }
}
