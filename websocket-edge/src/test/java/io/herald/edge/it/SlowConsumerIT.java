package io.herald.edge.it;

import static io.herald.edge.it.EdgeProtocolIT.config;
import static io.herald.edge.it.EdgeProtocolIT.startReady;
import static org.assertj.core.api.Assertions.assertThat;

import io.herald.edge.Edge;
import io.herald.testing.EmbeddedKafka;
import io.herald.testing.Poll;
import io.herald.wire.Position;
import io.herald.wire.frame.EdgeFrame;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.time.Duration;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * A client that stops reading while 50 MB is published is disconnected with 4008, the edge's
 * outbound accounting never passes the limit by more than a few frames, the heap does not grow with
 * what was published, and the edge keeps serving its other connections.
 */
class SlowConsumerIT {
    private static final int LIMIT = 256 * 1024;
    private static final int MESSAGE = 10 * 1024;
    private static final int COUNT = 5_000; // 50 MB

    @Test
    void aClientThatStopsReadingIsClosedWith4008AndTheHeapStaysBounded() throws Exception {
        try (EmbeddedKafka kafka = EmbeddedKafka.start()) {
            kafka.createTopic("messages.sequenced", 1);
            try (Edge edge =
                            startReady(
                                    config(
                                            kafka,
                                            "--outbound-buffer-bytes",
                                            "256KiB",
                                            "--cache-max-bytes",
                                            "4MiB"));
                    SequencedWriter writer = new SequencedWriter(kafka, "messages.sequenced");
                    RawClient slow = RawClient.connect(edge.port());
                    RawClient bystander = RawClient.connect(edge.port())) {
                slow.send(
                        "{\"type\":\"subscribe\",\"id\":\"s\",\"subjects\":"
                                + "[{\"subject\":\"/demo/slow\"}]}");
                slow.next(EdgeFrame.Subscribed.class);
                slow.pauseReading();
                MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
                System.gc();
                long heapBefore = memory.getHeapMemoryUsage().getUsed();
                byte[] content = new byte[MESSAGE];
                Arrays.fill(content, (byte) 'x');
                long maxPending = 0;
                for (int i = 0; i < COUNT; i++) {
                    writer.write("/demo/slow", new Position(1, i), content);
                    if (i % 250 == 249) {
                        writer.flush();
                        maxPending = Math.max(maxPending, EdgeProbe.outboundPendingBytes(edge));
                    }
                }
                writer.flush();
                Poll.until(
                        "slow consumer disconnected",
                        Duration.ofSeconds(60),
                        () -> edge.metrics().slowConsumerDisconnects() == 1);
                Poll.until(
                        "all 50 MB read by the edge",
                        Duration.ofSeconds(60),
                        () -> edge.metrics().recordsIn() == COUNT);
                maxPending = Math.max(maxPending, EdgeProbe.outboundPendingBytes(edge));
                System.gc();
                long heapAfter = memory.getHeapMemoryUsage().getUsed();
                // Outbound accounting: one connection's limit plus at most a few in-flight frames.
                assertThat(maxPending).isLessThan(2L * LIMIT + 8L * MESSAGE);
                // 50 MB went through; the heap keeps the bounded cache, not the stream.
                assertThat(heapAfter - heapBefore).isLessThan(40L << 20);
                slow.resumeReading();
                assertThat(slow.closeCode()).isEqualTo(4008);
                bystander.assertAlive("bystander");
            }
        }
    }
}
