package io.herald.edge.it;

import static io.herald.edge.it.EdgeProtocolIT.config;
import static io.herald.edge.it.EdgeProtocolIT.startReady;
import static org.assertj.core.api.Assertions.assertThat;

import io.herald.edge.Edge;
import io.herald.testing.Closer;
import io.herald.testing.EmbeddedKafka;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A real edge pings a WebSocket after each {@code --ping-interval} of inbound silence and closes it
 * with 1000 once it was silent for {@code --idle-timeout}; a client that answers the pings stays.
 */
class SilenceIT {
    private static final Duration PING_INTERVAL = Duration.ofMillis(300);
    private static final Duration IDLE_TIMEOUT = Duration.ofSeconds(1);

    @RegisterExtension
    static final EmbeddedKafka KAFKA = EmbeddedKafka.perClass().withTopic("messages.sequenced", 1);

    private static Edge edge;

    @BeforeAll
    static void start() {
        edge =
                startReady(
                        config(
                                KAFKA,
                                "--ping-interval",
                                PING_INTERVAL.toMillis() + "ms",
                                "--idle-timeout",
                                IDLE_TIMEOUT.toMillis() + "ms"));
    }

    @AfterAll
    static void stop() throws Exception {
        Closer.closeAll(edge);
    }

    @Test
    void aSilentClientIsPingedThenClosedWith1000AtTheIdleTimeout() throws Exception {
        try (RawSocket client = RawSocket.open(edge.port())) {
            long opened = System.nanoTime();
            int pings = 0;
            RawSocket.Frame frame;
            while ((frame = client.readFrame()).opcode() != 0x8) {
                if (frame.opcode() == 0x9) {
                    pings++;
                }
            }
            Duration silent = Duration.ofNanos(System.nanoTime() - opened);

            assertThat(frame.closeCode()).isEqualTo(1000);
            assertThat(
                            new String(
                                    frame.payload(),
                                    2,
                                    frame.payload().length - 2,
                                    StandardCharsets.UTF_8))
                    .isEqualTo("idle timeout");
            // A ping after each interval of the timeout but the last, which closes instead.
            assertThat(pings).isEqualTo((int) (IDLE_TIMEOUT.toMillis() / PING_INTERVAL.toMillis()));
            assertThat(silent).isGreaterThanOrEqualTo(IDLE_TIMEOUT);
        }
    }

    @Test
    void aClientThatAnswersEachPingStaysOpenPastTheIdleTimeout() throws Exception {
        try (RawSocket client = RawSocket.open(edge.port())) {
            client.readTimeout(PING_INTERVAL);
            long until = System.nanoTime() + IDLE_TIMEOUT.multipliedBy(3).toNanos();
            int pongs = 0;
            while (System.nanoTime() < until) {
                RawSocket.Frame frame;
                try {
                    frame = client.readFrame();
                } catch (SocketTimeoutException nothingYet) {
                    continue;
                }
                assertThat(frame.opcode()).as("the edge closed the connection").isNotEqualTo(0x8);
                if (frame.opcode() == 0x9) {
                    client.sendFrame(0x8A, frame.payload()); // pong
                    pongs++;
                }
            }
            assertThat(pongs).isGreaterThanOrEqualTo(3);
            client.sendFrame(
                    0x81,
                    "{\"type\":\"ping\",\"id\":\"still-here\"}".getBytes(StandardCharsets.UTF_8));
            client.readTimeout(Duration.ofSeconds(10));
            RawSocket.Frame reply;
            do {
                reply = client.readFrame();
            } while (reply.opcode() == 0x9);
            assertThat(new String(reply.payload(), StandardCharsets.UTF_8)).contains("still-here");
        }
    }
}
