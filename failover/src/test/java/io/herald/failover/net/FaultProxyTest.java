package io.herald.failover.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.herald.testing.FreePorts;
import io.herald.testing.Poll;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The proxy's faults, against an echo server on loopback. */
class FaultProxyTest {

    private ServerSocket echo;
    private final List<Socket> echoed = new CopyOnWriteArrayList<>();
    private Thread acceptor;
    private FaultProxy proxy;

    @BeforeEach
    void start() throws IOException {
        echo = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        acceptor = new Thread(this::acceptEchoes, "echo-acceptor");
        acceptor.start();
        proxy =
                FaultProxy.start(
                        "test",
                        FreePorts.next(),
                        new InetSocketAddress("127.0.0.1", echo.getLocalPort()));
    }

    @AfterEach
    void stop() throws Exception {
        proxy.close();
        echo.close();
        acceptor.join(5_000);
        for (Socket s : echoed) {
            s.close();
        }
    }

    @Test
    void forwardsBothWaysAndHoldsEveryByteForTheLatencyInEachDirection() throws IOException {
        try (Socket s = connect()) {
            assertThat(roundTrip(s, "ping")).isEqualTo("ping");
            proxy.latency(Duration.ofMillis(150));
            long start = System.nanoTime();
            assertThat(roundTrip(s, "slow")).isEqualTo("slow");
            assertThat(Duration.ofNanos(System.nanoTime() - start))
                    .as("a round trip holds the bytes once each way")
                    .isGreaterThanOrEqualTo(Duration.ofMillis(300));
        }
    }

    @Test
    void aStallHoldsTheBytesOfOldAndNewConnectionsUntilHealed() throws IOException {
        try (Socket before = connect()) {
            proxy.stall();
            try (Socket during = connect()) {
                send(before, "held");
                send(during, "also");
                assertThatThrownBy(() -> receive(before, 4, 300))
                        .isInstanceOf(SocketTimeoutException.class);
                assertThatThrownBy(() -> receive(during, 4, 300))
                        .isInstanceOf(SocketTimeoutException.class);
                proxy.heal();
                assertThat(receive(before, 4, 5_000)).isEqualTo("held");
                assertThat(receive(during, 4, 5_000)).isEqualTo("also");
            }
        }
    }

    @Test
    void aCutResetsEveryConnectionAndEveryNewOneUntilHealed() throws IOException {
        try (Socket before = connect()) {
            assertThat(roundTrip(before, "ping")).isEqualTo("ping");
            proxy.cut();
            assertThat(proxy.connections()).isZero();
            assertThatThrownBy(() -> roundTrip(before, "gone")).isInstanceOf(IOException.class);
            assertThatThrownBy(
                            () -> {
                                try (Socket during = connect()) {
                                    roundTrip(during, "gone");
                                }
                            })
                    .as("a new connection is reset, at connect or at the first read")
                    .isInstanceOf(IOException.class);
        }
        proxy.heal();
        try (Socket after = connect()) {
            assertThat(roundTrip(after, "back")).isEqualTo("back");
        }
    }

    @Test
    void closingTheServerSideClosesTheClientSide() throws IOException {
        try (Socket s = connect()) {
            assertThat(roundTrip(s, "ping")).isEqualTo("ping");
            for (Socket e : echoed) {
                e.close();
            }
            s.setSoTimeout(5_000);
            assertThat(s.getInputStream().read()).isEqualTo(-1);
        }
        Poll.until(
                "the proxy dropped the connection",
                Duration.ofSeconds(5),
                () -> proxy.connections() == 0);
    }

    private Socket connect() throws IOException {
        Socket s = new Socket();
        s.connect(new InetSocketAddress("127.0.0.1", proxy.port()), 2_000);
        return s;
    }

    private static String roundTrip(Socket s, String text) throws IOException {
        send(s, text);
        return receive(s, text.length(), 5_000);
    }

    private static void send(Socket s, String text) throws IOException {
        OutputStream out = s.getOutputStream();
        out.write(text.getBytes(StandardCharsets.US_ASCII));
        out.flush();
    }

    private static String receive(Socket s, int length, int timeoutMillis) throws IOException {
        s.setSoTimeout(timeoutMillis);
        byte[] bytes = s.getInputStream().readNBytes(length);
        if (bytes.length < length) {
            throw new IOException("connection ended after " + bytes.length + " bytes");
        }
        return new String(bytes, StandardCharsets.US_ASCII);
    }

    private void acceptEchoes() {
        while (!echo.isClosed()) {
            try {
                Socket s = echo.accept();
                echoed.add(s);
                Thread t = new Thread(() -> echoUntilClosed(s), "echo");
                t.setDaemon(true);
                t.start();
            } catch (IOException closed) {
                return;
            }
        }
    }

    private static void echoUntilClosed(Socket s) {
        try (s) {
            InputStream in = s.getInputStream();
            OutputStream out = s.getOutputStream();
            byte[] buffer = new byte[1024];
            int n;
            while ((n = in.read(buffer)) >= 0) {
                out.write(buffer, 0, n);
                out.flush();
            }
        } catch (IOException ended) {
            // the test closed it, or the proxy reset it
        }
    }
}
