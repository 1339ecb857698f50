package io.herald.failover.net;

import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.channels.CancelledKeyException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A TCP proxy in the test JVM, in front of one server address, that injects network faults on
 * command:
 *
 * <ul>
 *   <li>{@link #latency(Duration)}: every byte is held this long in each direction before it is
 *       forwarded (a round trip grows by twice the latency);
 *   <li>{@link #stall()}: connections stay open and new ones are accepted, but nothing is forwarded
 *       in either direction: requests go unanswered, as across a black-holed link;
 *   <li>{@link #cut()}: every connection is reset, and new ones are reset as soon as they are
 *       accepted: the server is unreachable;
 *   <li>{@link #heal()}: forwarding resumes (bytes held during a stall flow on, in order) and new
 *       connections are served again; latency is back to zero.
 * </ul>
 *
 * <p>One selector thread does all the work; commands run on it and return once in effect. Each
 * direction of a connection buffers at most {@link #MAX_QUEUED_BYTES} before the proxy stops
 * reading from its sender, so a slow or stalled side pushes back through TCP as it would on a real
 * link.
 */
public final class FaultProxy implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(FaultProxy.class);
    static final int MAX_QUEUED_BYTES = 1 << 20;
    private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(10);

    private enum Mode {
        FORWARD,
        STALL,
        CUT
    }

    private final String name;
    private final InetSocketAddress target;
    private final Selector selector;
    private final ServerSocketChannel server;
    private final Thread loop;
    private final ConcurrentLinkedQueue<Runnable> commands = new ConcurrentLinkedQueue<>();
    private final List<Link> links = new ArrayList<>();
    private Mode mode = Mode.FORWARD;
    private long latencyNanos;
    private volatile boolean open = true;

    private FaultProxy(String name, InetSocketAddress target, int port) throws IOException {
        this.name = name;
        this.target = target;
        this.selector = Selector.open();
        this.server = ServerSocketChannel.open();
        server.setOption(StandardSocketOptions.SO_REUSEADDR, true);
        server.bind(new InetSocketAddress("127.0.0.1", port));
        server.configureBlocking(false);
        server.register(selector, SelectionKey.OP_ACCEPT);
        this.loop = new Thread(this::run, "fault-proxy-" + name);
        loop.setDaemon(true);
    }

    /** Listens on {@code 127.0.0.1:port} and forwards every connection to {@code target}. */
    public static FaultProxy start(String name, int port, InetSocketAddress target) {
        try {
            FaultProxy proxy = new FaultProxy(name, target, port);
            proxy.loop.start();
            return proxy;
        } catch (IOException e) {
            throw new UncheckedIOException("fault proxy " + name + " cannot listen on " + port, e);
        }
    }

    public String name() {
        return name;
    }

    /** The port it listens on. */
    public int port() {
        return server.socket().getLocalPort();
    }

    /** Holds every byte {@code latency} before forwarding it (zero: none). */
    public void latency(Duration latency) {
        if (latency.isNegative()) {
            throw new IllegalArgumentException("latency must not be negative: " + latency);
        }
        command(() -> latencyNanos = latency.toNanos());
    }

    /** Stops forwarding; connections stay open and new ones are accepted and held too. */
    public void stall() {
        command(() -> mode = Mode.STALL);
    }

    /** Resets every connection and, until {@link #heal()}, every new one. */
    public void cut() {
        command(
                () -> {
                    mode = Mode.CUT;
                    List.copyOf(links).forEach(Link::reset);
                });
    }

    /** Ends any fault: forwarding resumes with no added latency. */
    public void heal() {
        command(
                () -> {
                    mode = Mode.FORWARD;
                    latencyNanos = 0;
                });
    }

    /** Connections open now (for logs and tests). */
    public int connections() {
        CompletableFuture<Integer> n = new CompletableFuture<>();
        commands.add(() -> n.complete(links.size()));
        selector.wakeup();
        return await(n);
    }

    private void command(Runnable change) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        commands.add(
                () -> {
                    change.run();
                    done.complete(null);
                });
        selector.wakeup();
        await(done);
        LOG.info(
                "fault proxy {} mode={} latencyMs={} connections={}",
                name,
                mode,
                latencyNanos / 1_000_000,
                connections());
    }

    private <T> T await(CompletableFuture<T> result) {
        if (!loop.isAlive()) {
            throw new IllegalStateException("fault proxy " + name + " is not running");
        }
        try {
            return result.get(COMMAND_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("fault proxy " + name + " did not answer", e);
        }
    }

    private void run() {
        try {
            while (open) {
                selector.select(selectTimeoutMillis());
                Runnable c;
                while ((c = commands.poll()) != null) {
                    c.run();
                }
                for (SelectionKey key : selector.selectedKeys()) {
                    if (!key.isValid()) {
                        continue;
                    }
                    if (key.isAcceptable()) {
                        accept();
                    } else if (key.attachment() instanceof Link link) {
                        link.ready(key);
                    }
                }
                selector.selectedKeys().clear();
                long now = System.nanoTime();
                for (Link link : List.copyOf(links)) {
                    link.pump(now, mode == Mode.FORWARD);
                }
            }
        } catch (IOException | RuntimeException e) {
            if (open) {
                LOG.error("fault proxy {} stopped", name, e);
            }
        } finally {
            List.copyOf(links).forEach(Link::reset);
            closeQuietly(server);
            closeQuietly(selector);
        }
    }

    /** Until the earliest held chunk is due (0 = no timeout). */
    private long selectTimeoutMillis() {
        if (mode != Mode.FORWARD) {
            return 0;
        }
        long earliest = Long.MAX_VALUE;
        for (Link link : links) {
            earliest = Math.min(earliest, link.earliestDue());
        }
        if (earliest == Long.MAX_VALUE) {
            return 0;
        }
        return Math.max(1, TimeUnit.NANOSECONDS.toMillis(earliest - System.nanoTime()) + 1);
    }

    private void accept() throws IOException {
        SocketChannel client = server.accept();
        if (client == null) {
            return;
        }
        client.configureBlocking(false);
        if (mode == Mode.CUT) {
            resetChannel(client);
            return;
        }
        SocketChannel upstream = SocketChannel.open();
        upstream.configureBlocking(false);
        upstream.setOption(StandardSocketOptions.TCP_NODELAY, true);
        client.setOption(StandardSocketOptions.TCP_NODELAY, true);
        Link link = new Link(client, upstream, links::remove);
        links.add(link);
        link.register(selector);
        if (upstream.connect(target)) {
            link.connected();
        }
    }

    /** Due time of a chunk read now. */
    private long dueAt(long now) {
        return now + latencyNanos;
    }

    /** Stops the proxy: every connection is reset and the port released. */
    @Override
    public void close() {
        open = false;
        selector.wakeup();
        try {
            loop.join(COMMAND_TIMEOUT.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * One proxied connection: the client's socket, the one to the target, and a queue of chunks in
     * each direction.
     */
    private final class Link {
        private final SocketChannel client;
        private final SocketChannel upstream;
        private final Consumer<Link> onClose;
        private final Direction up;
        private final Direction down;
        private SelectionKey clientKey;
        private SelectionKey upstreamKey;
        private boolean upstreamConnected;
        private boolean closed;

        Link(SocketChannel client, SocketChannel upstream, Consumer<Link> onClose) {
            this.client = client;
            this.upstream = upstream;
            this.onClose = onClose;
            this.up = new Direction(client, upstream);
            this.down = new Direction(upstream, client);
        }

        void register(Selector selector) throws IOException {
            clientKey = client.register(selector, 0, this);
            upstreamKey = upstream.register(selector, SelectionKey.OP_CONNECT, this);
        }

        void connected() {
            upstreamConnected = true;
        }

        void ready(SelectionKey key) {
            try {
                if (key.isConnectable() && upstream.finishConnect()) {
                    connected();
                }
                long now = System.nanoTime();
                if (key.isReadable()) {
                    Direction from = key.channel() == client ? up : down;
                    from.read(dueAt(now));
                }
            } catch (IOException e) {
                reset();
            }
        }

        /** Writes what is due, then sets what each socket waits for. */
        void pump(long now, boolean forwarding) {
            if (closed) {
                return;
            }
            try {
                if (forwarding && upstreamConnected) {
                    up.write(now);
                    down.write(now);
                }
                if (up.drainedAfterEndOfStream() || down.drainedAfterEndOfStream()) {
                    close();
                    return;
                }
                boolean flowing = forwarding && upstreamConnected;
                clientKey.interestOps(
                        (flowing && up.canRead() ? SelectionKey.OP_READ : 0)
                                | (flowing && down.waitsToWrite() ? SelectionKey.OP_WRITE : 0));
                if (upstreamConnected) {
                    upstreamKey.interestOps(
                            (flowing && down.canRead() ? SelectionKey.OP_READ : 0)
                                    | (flowing && up.waitsToWrite() ? SelectionKey.OP_WRITE : 0));
                }
            } catch (IOException | CancelledKeyException e) {
                reset();
            }
        }

        long earliestDue() {
            return Math.min(up.earliestDue(), down.earliestDue());
        }

        /** Closes both sockets with a TCP reset. */
        void reset() {
            if (closed) {
                return;
            }
            closed = true;
            resetChannel(client);
            resetChannel(upstream);
            onClose.accept(this);
        }

        private void close() {
            closed = true;
            closeQuietly(client);
            closeQuietly(upstream);
            onClose.accept(this);
        }
    }

    /** Closes with a TCP reset (SO_LINGER 0), as a dropped link looks to the other end. */
    private static void resetChannel(SocketChannel channel) {
        try {
            if (channel.isOpen()) {
                channel.setOption(StandardSocketOptions.SO_LINGER, 0);
            }
        } catch (IOException e) {
            LOG.debug("SO_LINGER not set error={}", e.toString());
        }
        closeQuietly(channel);
    }

    private static void closeQuietly(Closeable c) {
        try {
            c.close();
        } catch (IOException e) {
            LOG.debug("close failed error={}", e.toString());
        }
    }
}
