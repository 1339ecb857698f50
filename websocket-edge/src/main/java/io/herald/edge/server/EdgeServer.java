package io.herald.edge.server;

import io.herald.edge.session.EdgeServices;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.ServerSocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.ssl.SslContext;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.netty.util.concurrent.EventExecutor;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Netty server: event loop groups (epoll when the native transport loads, NIO otherwise; Netty
 * 4.2's {@link MultiThreadIoEventLoopGroup}), the bootstrap with an explicit {@link
 * WriteBufferWaterMark} (high = the per-connection outbound limit), bind and shutdown. The event
 * loops exist before the server binds, so the hub can know them; their threads are named {@code
 * <threadPrefix>-accept-…} and {@code <threadPrefix>-io-…}.
 */
public final class EdgeServer {
    private static final Logger LOG = LoggerFactory.getLogger(EdgeServer.class);

    private final ServerSettings settings;
    private final boolean epoll;
    private final EventLoopGroup boss;
    private final EventLoopGroup workers;
    private final ConnectionRegistry registry = new ConnectionRegistry();
    private Channel serverChannel;

    public EdgeServer(ServerSettings settings, String threadPrefix) {
        this.settings = settings;
        this.epoll = Epoll.isAvailable();
        IoHandlerFactory io = epoll ? EpollIoHandler.newFactory() : NioIoHandler.newFactory();
        int threads =
                settings.ioThreads() > 0
                        ? settings.ioThreads()
                        : Runtime.getRuntime().availableProcessors();
        this.boss =
                new MultiThreadIoEventLoopGroup(
                        1, new DefaultThreadFactory(threadPrefix + "-accept"), io);
        this.workers =
                new MultiThreadIoEventLoopGroup(
                        Math.min(threads, 64), new DefaultThreadFactory(threadPrefix + "-io"), io);
    }

    /** The loops connections live on. */
    public List<EventLoop> eventLoops() {
        List<EventLoop> loops = new ArrayList<>();
        for (EventExecutor e : workers) {
            loops.add((EventLoop) e);
        }
        return loops;
    }

    public ConnectionRegistry connections() {
        return registry;
    }

    /**
     * Binds and returns the port; throws IllegalStateException when it cannot. {@code health}
     * answers {@code /healthz} and gates WebSocket upgrades.
     */
    public int start(EdgeServices services, Health health, Supplier<String> metrics) {
        StaticFiles files = null;
        if (settings.staticDir() != null) {
            try {
                files = new StaticFiles(settings.staticDir());
            } catch (IOException e) {
                throw new IllegalStateException("cannot serve " + settings.staticDir(), e);
            }
        }
        HttpRequestHandler http =
                new HttpRequestHandler(health, metrics, files, services.metrics()::httpRequest);
        SslContext tls = settings.tls() == null ? null : TlsContexts.server(settings.tls());
        UpgradeGuard guard =
                new UpgradeGuard(
                        settings.allowedOrigins(), new ConnectionSlots(settings.maxConnections()));
        int high = services.limits().outboundBufferBytes();
        Class<? extends ServerSocketChannel> channelClass =
                epoll ? EpollServerSocketChannel.class : NioServerSocketChannel.class;
        ServerBootstrap b =
                new ServerBootstrap()
                        .group(boss, workers)
                        .channel(channelClass)
                        .option(ChannelOption.SO_BACKLOG, 4096)
                        .option(ChannelOption.SO_REUSEADDR, true)
                        .childOption(ChannelOption.TCP_NODELAY, true)
                        .childOption(
                                ChannelOption.WRITE_BUFFER_WATER_MARK,
                                new WriteBufferWaterMark(high / 2, high))
                        .childHandler(
                                new EdgeChannelInitializer(
                                        services,
                                        registry,
                                        http,
                                        new ReadinessGate(health),
                                        guard,
                                        tls));
        // Not sync(): it rethrows the transport's checked IOException undeclared.
        ChannelFuture bound = b.bind(settings.host(), settings.port()).awaitUninterruptibly();
        if (!bound.isSuccess()) {
            throw new IllegalStateException(
                    "cannot listen on "
                            + settings.host()
                            + ":"
                            + settings.port()
                            + ": "
                            + bound.cause(),
                    bound.cause());
        }
        serverChannel = bound.channel();
        int port = ((InetSocketAddress) serverChannel.localAddress()).getPort();
        LOG.info(
                "edge listening host={} port={} scheme={} transport={} ioThreads={}"
                        + " maxConnections={} allowedOrigins={}",
                settings.host(),
                port,
                tls == null ? "ws" : "wss",
                epoll ? "epoll" : "nio",
                eventLoops().size(),
                settings.maxConnections(),
                settings.allowedOrigins().isEmpty() ? "any" : settings.allowedOrigins());
        return port;
    }

    /** Stops accepting connections (and answering {@code /healthz}): the port is free again. */
    public void stopListening() {
        if (serverChannel != null) {
            serverChannel.close().syncUninterruptibly();
        }
    }

    /** Stops accepting, closes every connection with {@code code}, waits up to {@code waitMs}. */
    public void closeConnections(int code, String reason, long waitMs) {
        stopListening();
        registry.closeAll(code, reason);
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(waitMs);
        while (registry.size() > 0 && System.nanoTime() < deadline) {
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /** Shuts the event loops down. */
    public void shutdown() {
        boss.shutdownGracefully(0, 2, TimeUnit.SECONDS);
        workers.shutdownGracefully(0, 2, TimeUnit.SECONDS);
        boss.terminationFuture().awaitUninterruptibly(5, TimeUnit.SECONDS);
        workers.terminationFuture().awaitUninterruptibly(5, TimeUnit.SECONDS);
    }
}
