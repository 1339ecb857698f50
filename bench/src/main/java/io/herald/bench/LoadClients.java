package io.herald.bench;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketClientHandshakerFactory;
import io.netty.handler.codec.http.websocketx.WebSocketClientProtocolHandler;
import io.netty.handler.codec.http.websocketx.WebSocketVersion;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

/** Many Netty WebSocket clients that count the frames they receive (no JSON decoding). */
final class LoadClients implements AutoCloseable {
    private final MultiThreadIoEventLoopGroup group;
    private final List<Channel> channels = new ArrayList<>();
    final LongAdder received = new LongAdder();

    LoadClients(int threads) {
        this.group = new MultiThreadIoEventLoopGroup(threads, NioIoHandler.newFactory());
    }

    /** Opens {@code n} connections and, when {@code subscribe} is not null, sends it on each. */
    void open(int port, int n, String subscribe) throws Exception {
        CountDownLatch ready = new CountDownLatch(n);
        URI uri = URI.create("ws://127.0.0.1:" + port + "/ws");
        Bootstrap b =
                new Bootstrap()
                        .group(group)
                        .channel(NioSocketChannel.class)
                        .handler(
                                new ChannelInitializer<SocketChannel>() {
                                    @Override
                                    protected void initChannel(SocketChannel ch) {
                                        ch.pipeline()
                                                .addLast(new HttpClientCodec())
                                                .addLast(new HttpObjectAggregator(65536))
                                                .addLast(
                                                        new WebSocketClientProtocolHandler(
                                                                WebSocketClientHandshakerFactory
                                                                        .newHandshaker(
                                                                                uri,
                                                                                WebSocketVersion
                                                                                        .V13,
                                                                                null,
                                                                                false,
                                                                                new DefaultHttpHeaders(),
                                                                                1 << 20)))
                                                .addLast(new Counter(subscribe, ready));
                                    }
                                });
        for (int i = 0; i < n; i++) {
            channels.add(b.connect("127.0.0.1", port).sync().channel());
        }
        if (!ready.await(60, TimeUnit.SECONDS)) {
            throw new IllegalStateException("handshakes did not complete");
        }
    }

    private final class Counter extends SimpleChannelInboundHandler<TextWebSocketFrame> {
        private final String subscribe;
        private final CountDownLatch ready;

        Counter(String subscribe, CountDownLatch ready) {
            this.subscribe = subscribe;
            this.ready = ready;
        }

        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
            if (evt
                    == WebSocketClientProtocolHandler.ClientHandshakeStateEvent
                            .HANDSHAKE_COMPLETE) {
                if (subscribe != null) {
                    ByteBuf text = Unpooled.copiedBuffer(subscribe, StandardCharsets.UTF_8);
                    ctx.writeAndFlush(new TextWebSocketFrame(text));
                }
                ready.countDown();
            }
        }

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, TextWebSocketFrame frame) {
            received.increment();
        }
    }

    @Override
    public void close() {
        for (Channel ch : channels) {
            ch.close();
        }
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }
}
