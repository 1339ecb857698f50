package io.herald.bench.ceiling;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolConfig;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolHandler;

/**
 * The JVM's ceiling for the edge's job: a bare Netty WebSocket broadcast server with no Kafka, no
 * cache, no JSON. {@code /sub/<channel>} subscribes; every text frame {@code "<channel> <content>"}
 * on {@code /pub} is written to that channel's subscribers. Two event loops on epoll, as the edge.
 * Prints {@code listening <port>}.
 */
public final class BroadcastServerMain {
    private BroadcastServerMain() {}

    public static void main(String[] args) throws Exception {
        int port = Integer.parseInt(args[0]);
        MultiThreadIoEventLoopGroup group =
                new MultiThreadIoEventLoopGroup(2, EpollIoHandler.newFactory());
        Channels channels = new Channels();
        try {
            Channel server =
                    new ServerBootstrap()
                            .group(group)
                            .channel(EpollServerSocketChannel.class)
                            .option(ChannelOption.SO_BACKLOG, 4096)
                            .childOption(ChannelOption.TCP_NODELAY, true)
                            .childHandler(
                                    new ChannelInitializer<SocketChannel>() {
                                        @Override
                                        protected void initChannel(SocketChannel ch) {
                                            ch.pipeline()
                                                    .addLast(new HttpServerCodec())
                                                    .addLast(new HttpObjectAggregator(1 << 16))
                                                    .addLast(
                                                            new WebSocketServerProtocolHandler(
                                                                    WebSocketServerProtocolConfig
                                                                            .newBuilder()
                                                                            .websocketPath("/")
                                                                            .checkStartsWith(true)
                                                                            .build()))
                                                    .addLast(new BroadcastHandler(channels));
                                        }
                                    })
                            .bind("127.0.0.1", port)
                            .sync()
                            .channel();
            System.out.println("listening " + port);
            server.closeFuture().sync();
        } finally {
            group.shutdownGracefully();
        }
    }
}
