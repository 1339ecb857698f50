package io.herald.bench.load;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.herald.bench.proc.ProcStat;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.websocketx.WebSocketClientHandshakerFactory;
import io.netty.handler.codec.http.websocketx.WebSocketClientProtocolHandler;
import io.netty.handler.codec.http.websocketx.WebSocketVersion;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * A load-generator process (a child of the coordinator): many WebSocket client connections on a few
 * Netty event loops that count deliveries and record latency. Driven by lines on standard input:
 * {@code connect} (open every connection; answers {@code ready <n> failed <f>}, or for a resume run
 * {@code resumed <json>} once all are done), {@code start} (reset the counters), {@code stop}
 * (answers {@code result <json>}), {@code exit}.
 */
public final class GeneratorMain {
    private static final int CONNECTS_IN_FLIGHT = 200;

    private GeneratorMain() {}

    public static void main(String[] args) throws Exception {
        GeneratorSpec spec = GeneratorSpec.fromArgs(args);
        boolean epoll = Epoll.isAvailable();
        MultiThreadIoEventLoopGroup group =
                new MultiThreadIoEventLoopGroup(
                        spec.threads(),
                        epoll ? EpollIoHandler.newFactory() : NioIoHandler.newFactory());
        GeneratorStats stats = new GeneratorStats(spec.count());
        List<Channel> channels = new ArrayList<>();
        ObjectMapper json = new ObjectMapper();
        System.out.println("loaded");
        BufferedReader in =
                new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        String line;
        try {
            while ((line = in.readLine()) != null && !line.equals("exit")) {
                switch (line) {
                    case "connect" -> {
                        stats.connecting();
                        connect(spec, group, epoll, stats, channels);
                        if (spec.resumes()) {
                            stats.awaitResumed(TimeUnit.MINUTES.toNanos(10));
                            System.out.println(
                                    "resumed " + json.writeValueAsString(stats.resumeResult()));
                        } else {
                            stats.awaitReady(TimeUnit.MINUTES.toNanos(5));
                            System.out.println(
                                    "ready " + stats.ready() + " failed " + stats.failed());
                        }
                    }
                    case "start" -> stats.reset();
                    case "stop" -> {
                        Map<String, Object> r = stats.result();
                        r.put("cpuNanos", ProcStat.selfCpuNanos());
                        System.out.println("result " + json.writeValueAsString(r));
                    }
                    default -> System.out.println("unknown " + line);
                }
            }
        } finally {
            for (Channel ch : channels) {
                ch.close();
            }
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
        }
    }

    private static void connect(
            GeneratorSpec spec,
            MultiThreadIoEventLoopGroup group,
            boolean epoll,
            GeneratorStats stats,
            List<Channel> channels)
            throws InterruptedException {
        Semaphore inFlight = new Semaphore(CONNECTS_IN_FLIGHT);
        for (int i = spec.first(); i < spec.first() + spec.count(); i++) {
            int subject = i % spec.subjects();
            String path =
                    spec.protocol() == GeneratorSpec.Protocol.HERALD
                            ? "/ws"
                            : "/sub/" + GeneratorSpec.channel(subject);
            URI uri = URI.create("ws://127.0.0.1:" + spec.port() + path);
            String subscribe =
                    spec.protocol() == GeneratorSpec.Protocol.HERALD
                            ? subscribeFrame(spec, subject)
                            : null;
            inFlight.acquire();
            Bootstrap b =
                    new Bootstrap()
                            .group(group)
                            .channel(epoll ? EpollSocketChannel.class : NioSocketChannel.class)
                            .option(ChannelOption.TCP_NODELAY, true)
                            .handler(
                                    new ChannelInitializer<SocketChannel>() {
                                        @Override
                                        protected void initChannel(SocketChannel ch) {
                                            ch.pipeline()
                                                    .addLast(new HttpClientCodec())
                                                    .addLast(new HttpObjectAggregator(1 << 16))
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
                                                    .addLast(
                                                            new ClientHandler(
                                                                    subscribe,
                                                                    spec.resumeUntil(),
                                                                    stats,
                                                                    inFlight::release));
                                        }
                                    });
            ChannelFuture f = b.connect("127.0.0.1", spec.port());
            channels.add(f.channel());
            f.addListener(
                    done -> {
                        if (!done.isSuccess()) {
                            stats.failed(done.cause());
                            inFlight.release();
                        }
                    });
        }
    }

    private static String subscribeFrame(GeneratorSpec spec, int subject) {
        String from =
                spec.resumes()
                        ? ",\"from\":{\"epoch\":"
                                + spec.resumeEpoch()
                                + ",\"seq\":"
                                + spec.resumeFrom()
                                + "}"
                        : "";
        return "{\"type\":\"subscribe\",\"id\":\"b\",\"subjects\":[{\"subject\":\""
                + GeneratorSpec.subject(subject)
                + "\""
                + from
                + "}]}";
    }
}
