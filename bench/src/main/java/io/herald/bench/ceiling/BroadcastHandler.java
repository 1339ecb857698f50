package io.herald.bench.ceiling;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolHandler;

/**
 * Joins a subscriber to its channel after the handshake; on the publisher's connection, writes each
 * frame's content to the channel's group ({@code writeAndFlush} shares one buffer).
 */
final class BroadcastHandler extends SimpleChannelInboundHandler<TextWebSocketFrame> {
    private static final String SUB = "/sub/";
    private final Channels channels;

    BroadcastHandler(Channels channels) {
        this.channels = channels;
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
        if (evt instanceof WebSocketServerProtocolHandler.HandshakeComplete hs
                && hs.requestUri().startsWith(SUB)) {
            channels.group(hs.requestUri().substring(SUB.length())).add(ctx.channel());
        }
        super.userEventTriggered(ctx, evt);
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, TextWebSocketFrame frame) {
        ByteBuf in = frame.content();
        int space = in.indexOf(in.readerIndex(), in.writerIndex(), (byte) ' ');
        if (space < 0) {
            return;
        }
        String channel =
                in.toString(
                        in.readerIndex(),
                        space - in.readerIndex(),
                        java.nio.charset.StandardCharsets.US_ASCII);
        ByteBuf content = in.retainedSlice(space + 1, in.writerIndex() - space - 1);
        channels.group(channel).writeAndFlush(new TextWebSocketFrame(content));
    }
}
