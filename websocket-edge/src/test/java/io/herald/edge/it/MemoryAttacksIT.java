package io.herald.edge.it;

import static io.herald.edge.it.EdgeProtocolIT.config;
import static io.herald.edge.it.EdgeProtocolIT.startReady;
import static org.assertj.core.api.Assertions.assertThat;

import io.herald.edge.Edge;
import io.herald.testing.Closer;
import io.herald.testing.EmbeddedKafka;
import io.herald.testing.Poll;
import io.herald.wire.Position;
import io.herald.wire.frame.EdgeFrame;
import io.herald.wire.frame.Recovery;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.zip.Deflater;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Attacks on an edge's memory by WebSocket clients, each against a real edge and broker: the edge
 * holds at most about its outbound limit per connection whatever the client sends, a bystander
 * keeps receiving its subject throughout, and the heap (after GC) stays bounded. Each test prints
 * the heap it saw ({@code heap attack=…}).
 */
class MemoryAttacksIT {
    private static final int LIMIT = 256 * 1024;
    private static final long HEAP_BOUND = 64L << 20;
    private static final int SMALL_RECEIVE_BUFFER = 4096;

    @RegisterExtension
    static final EmbeddedKafka KAFKA = EmbeddedKafka.perClass().withTopic("messages.sequenced", 1);

    private static Edge edge;
    private static SequencedWriter writer;
    private static Bystander bystander;

    @BeforeAll
    static void start() throws Exception {
        edge =
                startReady(
                        config(
                                KAFKA,
                                "--outbound-buffer-bytes",
                                "256KiB",
                                "--max-requests-per-second",
                                "1000000",
                                "--ping-interval",
                                "2s",
                                "--idle-timeout",
                                "30s",
                                "--cache-max-bytes",
                                "4MiB"));
        writer = new SequencedWriter(KAFKA, "messages.sequenced");
        bystander = Bystander.subscribe(edge, writer, "/demo/bystander");
    }

    @AfterAll
    static void stop() throws Exception {
        Closer.closeAll(bystander, writer, edge);
    }

    @AfterEach
    void bystanderStillServed() throws Exception {
        bystander.receives();
    }

    /** Samples, 300 ms apart, without progress that mean the edge stopped reading the flood. */
    private static final int BLOCKED_SAMPLES = 5;

    /**
     * Watches the edge's outbound bytes while {@code flood} runs, until it is done, or, when {@code
     * untilBlocked}, until it made no progress for 1.5 s (one still sample can be a CPU-starved
     * sender on a busy machine, not an edge that stopped reading).
     */
    private static long peakPendingWhile(Flood flood, boolean untilBlocked, Duration atMost)
            throws Exception {
        long peak = 0;
        int lastSent = -1;
        int stillSamples = 0;
        long deadline = System.nanoTime() + atMost.toNanos();
        while (System.nanoTime() < deadline) {
            peak = Math.max(peak, EdgeProbe.outboundPendingBytes(edge));
            bystander.receives();
            stillSamples = flood.sent() == lastSent ? stillSamples + 1 : 0;
            if (flood.isDone() || (untilBlocked && stillSamples >= BLOCKED_SAMPLES)) {
                break;
            }
            lastSent = flood.sent();
            Thread.sleep(300);
        }
        return Math.max(peak, EdgeProbe.outboundPendingBytes(edge));
    }

    private static byte[] text(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void pingsWithHugeIdsFromAClientThatNeverReadsCostNothing() throws Exception {
        String id = "i".repeat(60_000);
        byte[] ping = text("{\"type\":\"ping\",\"id\":\"" + id + "\"}");
        long slow = edge.metrics().slowConsumerDisconnects();
        try (HeapWatch heap = new HeapWatch();
                RawSocket attacker = RawSocket.open(edge.port());
                Flood flood =
                        new Flood(
                                "huge-ids", 2_000, attacker, i -> attacker.sendFrame(0x81, ping))) {
            // Each answer is a short BAD_REQUEST without the id: 2,000 of them fit the limit, so
            // the edge never stops reading and the whole flood goes out. The attacker keeps its
            // default receive buffer: with a 4 KiB one, full of answers it never reads, loopback
            // TCP stalled its 60 KB frames about one run in seven (its send queue held 4 MB while
            // the edge had read everything it had received, the same before and after the edge's
            // idle-connection changes), which says nothing about the edge.
            long peak = peakPendingWhile(flood, false, Duration.ofSeconds(90));
            System.out.printf("attack=huge-ids %s peakPendingBytes=%d%n", flood.describe(), peak);
            assertThat(flood.sent()).as(flood.describe()).isEqualTo(2_000);
            assertThat(peak).isLessThan(2L * LIMIT);
            assertThat(edge.metrics().slowConsumerDisconnects()).isEqualTo(slow);
            assertThat(heap.report("huge-ids")).isLessThan(HEAP_BOUND);
        }
    }

    @Test
    void aClientThatSendsRequestsAndNeverReadsIsNoLongerReadAndIsClosedWith4008() throws Exception {
        // 1,000,000 pongs are 160 MB: the edge stops reading long before.
        floodFromAClientThatNeverReadsIsBoundedAndClosedWith4008(
                "requests", 0x81, text("{\"type\":\"ping\",\"id\":\"" + "p".repeat(128) + "\"}"));
    }

    @Test
    void aFloodOfPingControlFramesFromAClientThatNeverReadsIsBounded() throws Exception {
        floodFromAClientThatNeverReadsIsBoundedAndClosedWith4008(
                "ping-frames", 0x89, new byte[125]);
    }

    /**
     * A million frames ({@code firstByte}, {@code payload}) from a client that never reads: the
     * edge stops reading before it has them all, keeps what it owes the client near its limit, and
     * closes the connection with 4008.
     */
    private static void floodFromAClientThatNeverReadsIsBoundedAndClosedWith4008(
            String attack, int firstByte, byte[] payload) throws Exception {
        long slow = edge.metrics().slowConsumerDisconnects();
        try (HeapWatch heap = new HeapWatch();
                RawSocket attacker = RawSocket.open(edge.port(), "", SMALL_RECEIVE_BUFFER);
                Flood flood =
                        new Flood(
                                attack,
                                1_000_000,
                                attacker,
                                i -> attacker.sendFrame(firstByte, payload))) {
            long peak = peakPendingWhile(flood, true, Duration.ofSeconds(60));
            System.out.printf("attack=%s %s peakPendingBytes=%d%n", attack, flood.describe(), peak);
            assertThat(flood.sent()).isLessThan(1_000_000);
            assertThat(peak).isLessThan(2L * LIMIT + 64 * 1024);
            Poll.until(
                    "closed with 4008 for staying over the limit",
                    Duration.ofSeconds(60),
                    () -> edge.metrics().slowConsumerDisconnects() == slow + 1);
            assertThat(heap.report(attack)).isLessThan(HEAP_BOUND);
        }
    }

    @Test
    void aReplayLargerThanTheOutboundLimitIsCutAndSaidPartial() throws Exception {
        byte[] content = new byte[10 * 1024];
        Arrays.fill(content, (byte) 'r');
        long before = edge.metrics().recordsIn();
        for (int seq = 0; seq < 200; seq++) { // 2 MB: eight times the limit
            writer.write("/demo/replay", new Position(1, seq), content);
        }
        writer.flush();
        Poll.until(
                "the edge read the replay",
                Duration.ofSeconds(30),
                () -> edge.metrics().recordsIn() >= before + 200);
        try (HeapWatch heap = new HeapWatch();
                RawClient client = RawClient.connect(edge.port())) {
            client.send(
                    "{\"type\":\"subscribe\",\"id\":\"r\",\"subjects\":[{\"subject\":"
                            + "\"/demo/replay\",\"from\":{\"epoch\":1,\"seq\":0}}]}");
            EdgeFrame.Subscribed subscribed = client.next(EdgeFrame.Subscribed.class);
            // Without the bound, 2 MB would be replayed whole: complete.
            assertThat(subscribed.recovery()).isEqualTo(Recovery.PARTIAL);
            EdgeFrame.Message first = client.next(EdgeFrame.Message.class);
            long replayed = 200 - first.position().seq();
            System.out.printf("attack=replay replayedMessages=%d of 199%n", replayed);
            assertThat(replayed * content.length).isLessThanOrEqualTo(LIMIT);
            assertThat(heap.report("replay")).isLessThan(HEAP_BOUND);
        }
    }

    @Test
    void aCompressedMessageThatInflatesPastTheFrameLimitClosesWith1009() throws Exception {
        byte[] bomb = deflate(new byte[1 << 20]); // 1 MiB of zeros in about 1 KB
        try (HeapWatch heap = new HeapWatch();
                RawSocket attacker =
                        RawSocket.open(
                                edge.port(),
                                "Sec-WebSocket-Extensions: permessage-deflate\r\n",
                                0)) {
            attacker.sendFrame(0xC1, bomb); // FIN, RSV1 (compressed), text
            assertThat(attacker.readCloseCode()).isEqualTo(1009);
            assertThat(heap.report("deflate")).isLessThan(HEAP_BOUND);
        }
    }

    @Test
    void manyLongSubjectsCannotOverrunTheCacheBudget() throws Exception {
        long before = edge.metrics().recordsIn();
        String longKey = "k".repeat(1000);
        int count = 20_000;
        try (HeapWatch heap = new HeapWatch()) {
            for (int i = 0; i < count; i++) {
                writer.write("/demo/" + longKey + i, new Position(1, 0), "x");
            }
            writer.flush();
            Poll.until(
                    "the edge read every record",
                    Duration.ofSeconds(60),
                    () -> edge.metrics().recordsIn() >= before + count);
            long cachedBytes = EdgeProbe.metric(edge, "herald_edge_cache_bytes");
            long cachedMessages = EdgeProbe.metric(edge, "herald_edge_cache_messages");
            System.out.printf(
                    "attack=long-subjects cacheBytes=%d cacheMessages=%d%n",
                    cachedBytes, cachedMessages);
            assertThat(cachedBytes).isLessThanOrEqualTo(4L << 20);
            // Each message holds its subject, about 2 KB in memory: 4 MiB holds 2,000 at most.
            assertThat(cachedMessages).isLessThan(2_100);
            assertThat(heap.report("long-subjects")).isLessThan(HEAP_BOUND);
        }
    }

    /** Raw deflate, as permessage-deflate sends it: the final empty block's tail cut off. */
    private static byte[] deflate(byte[] data) {
        Deflater d = new Deflater(Deflater.BEST_COMPRESSION, true);
        d.setInput(data);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buf = new byte[8192];
        int n;
        do {
            n = d.deflate(buf, 0, buf.length, Deflater.SYNC_FLUSH);
            out.write(buf, 0, n);
        } while (n == buf.length);
        d.end();
        byte[] all = out.toByteArray();
        return Arrays.copyOf(all, all.length - 4); // 00 00 ff ff
    }
}
