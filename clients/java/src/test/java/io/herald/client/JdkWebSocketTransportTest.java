package io.herald.client;

import static org.assertj.core.api.Assertions.assertThat;

import io.herald.testing.Poll;
import io.netty.channel.Channel;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.ContinuationWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The shipped JDK transport against a real WebSocket server on loopback. */
@Timeout(30)
class JdkWebSocketTransportTest {

    private static final Duration WAIT = Duration.ofSeconds(10);

    private final NettyWebSocketServer server;
    private final Events events = new Events();

    JdkWebSocketTransportTest() throws InterruptedException {
        server = new NettyWebSocketServer();
    }

    @AfterEach
    void stop() {
        if (events.connection != null) {
            events.connection.abort();
        }
        server.close();
    }

    /** Records a connection's events. */
    private static final class Events implements Transport.Listener {
        final List<String> frames = new CopyOnWriteArrayList<>();
        volatile Transport.Connection connection;
        volatile Integer closeCode;
        volatile String closeReason;

        @Override
        public void onOpen(Transport.Connection c) {
            connection = c;
        }

        @Override
        public void onText(String frame) {
            frames.add(frame);
        }

        @Override
        public void onClosed(int code, String reason) {
            closeCode = code;
            closeReason = reason;
        }
    }

    private Channel connect(int maxFrameChars) throws InterruptedException {
        new JdkWebSocketTransport(maxFrameChars).connect(server.uri(), WAIT, events);
        Channel channel = server.connections.poll(10, TimeUnit.SECONDS);
        assertThat(channel).as("server side of the connection").isNotNull();
        Poll.until("open", WAIT, () -> events.connection != null);
        return channel;
    }

    @Test
    void deliversOnlyRequestedFramesAndJoinsFragments() throws Exception {
        Channel channel = connect(1 << 20);
        channel.write(new TextWebSocketFrame(false, 0, "hel"));
        channel.write(new ContinuationWebSocketFrame(false, 0, "lo "));
        channel.write(new ContinuationWebSocketFrame(true, 0, "wörld"));
        channel.write(new TextWebSocketFrame("second"));
        channel.writeAndFlush(new TextWebSocketFrame("third"));

        events.connection.request(1);
        Poll.until("first frame", WAIT, () -> events.frames.size() == 1);
        assertThat(events.frames).containsExactly("hello wörld");

        events.connection.request(2);
        Poll.until("all frames", WAIT, () -> events.frames.size() == 3);
        assertThat(events.frames).containsExactly("hello wörld", "second", "third");
    }

    @Test
    void deliversAFrameLargerThanTheSocketBuffersWhole() throws Exception {
        Channel channel = connect(1 << 20);
        String big = "x".repeat(300_000) + "é";
        channel.writeAndFlush(new TextWebSocketFrame(big));
        events.connection.request(1);
        Poll.until("the big frame", WAIT, () -> events.frames.size() == 1);
        assertThat(events.frames.get(0)).isEqualTo(big);
    }

    @Test
    void dropsTheConnectionOnAFrameAboveTheLimit() throws Exception {
        Channel channel = connect(1024);
        channel.writeAndFlush(new TextWebSocketFrame("y".repeat(2000)));
        events.connection.request(1);
        Poll.until("closed", WAIT, () -> events.closeCode != null);
        assertThat(events.closeCode).isEqualTo(JdkWebSocketTransport.TOO_BIG);
        assertThat(events.frames).isEmpty();
    }

    @Test
    void sendsFramesInOrderFromManyThreads() throws Exception {
        connect(1 << 20);
        List<Thread> senders =
                IntStream.range(0, 4)
                        .mapToObj(
                                t ->
                                        new Thread(
                                                () -> {
                                                    for (int i = 0; i < 250; i++) {
                                                        events.connection.send(t + ":" + i);
                                                    }
                                                }))
                        .toList();
        senders.forEach(Thread::start);
        for (Thread t : senders) {
            t.join();
        }
        Poll.until("1000 frames", WAIT, () -> server.received.size() == 1000);
        for (int t = 0; t < 4; t++) {
            String prefix = t + ":";
            assertThat(server.received.stream().filter(f -> f.startsWith(prefix)).toList())
                    .containsExactlyElementsOf(
                            IntStream.range(0, 250).mapToObj(i -> prefix + i).toList());
        }
    }

    @Test
    void reportsTheServersCloseCodeAndReason() throws Exception {
        Channel channel = connect(1 << 20);
        events.connection.request(1);
        channel.writeAndFlush(new CloseWebSocketFrame(4008, "slow consumer"));
        Poll.until("closed", WAIT, () -> events.closeCode != null);
        assertThat(events.closeCode).isEqualTo(4008);
        assertThat(events.closeReason).isEqualTo("slow consumer");
    }

    @Test
    void reportsAConnectionThatCannotBeOpenedAs1006() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        new JdkWebSocketTransport(1024)
                .connect(URI.create("ws://127.0.0.1:" + port + "/ws"), WAIT, events);
        Poll.until("closed", WAIT, () -> events.closeCode != null);
        assertThat(events.closeCode).isEqualTo(JdkWebSocketTransport.ABNORMAL);
        assertThat(events.connection).isNull();
    }

    @Test
    void closesWithTheClientsCode() throws Exception {
        Channel channel = connect(1 << 20);
        events.connection.request(1);
        events.connection.close(1000, "client closed");
        Poll.until("server sees the close", WAIT, () -> !channel.isActive());
    }
}
