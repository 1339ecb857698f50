package io.herald.edge.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.herald.edge.TestClock;
import io.herald.edge.cache.CacheLimits;
import io.herald.edge.cache.MessageCache;
import io.herald.edge.fanout.Hub;
import io.herald.edge.fanout.LiveMessage;
import io.herald.edge.fanout.Subscriber;
import io.herald.edge.fanout.Subscription;
import io.herald.edge.metrics.EdgeMetrics;
import io.herald.edge.publish.PublishRegistry;
import io.herald.edge.recovery.SequenceGapException;
import io.herald.testing.Poll;
import io.herald.wire.SequencedHeaders;
import io.herald.wire.Subject;
import io.herald.wire.frame.ClientFrame.SubscriptionRequest;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.UnpooledByteBufAllocator;
import io.netty.channel.EventLoop;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.MockConsumer;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class SequencedConsumerTest {
    private static final String TOPIC = "messages.sequenced";
    private static final TopicPartition P0 = new TopicPartition(TOPIC, 0);
    private static final TopicPartition P1 = new TopicPartition(TOPIC, 1);

    private static final long NOW = 10_000_000;
    private static final Duration MAX_STALENESS = Duration.ofSeconds(10);
    private final TestClock clock = new TestClock(NOW);
    private final EdgeMetrics metrics = new EdgeMetrics();
    private final Map<TopicPartition, Long> warmStarts = new HashMap<>();
    private MultiThreadIoEventLoopGroup group;
    private EventLoop loop;
    private Hub hub;
    private MockConsumer<byte[], byte[]> mock;
    private volatile boolean brokersUnreachable;
    private SequencedConsumer consumer;

    /** Records what the fan-out hands to a subscriber, as a client would see the frames. */
    private static final class Recorder implements Subscriber {
        final List<String> frames = new CopyOnWriteArrayList<>();

        @Override
        public boolean deliver(Subscription s, LiveMessage m) {
            frames.add(new String(ByteBufUtil.getBytes(m.frame()), StandardCharsets.UTF_8));
            return true;
        }

        @Override
        public void deliveryGap(Subscription s, SequenceGapException gap) {
            frames.add("gap " + gap.getMessage());
        }

        @Override
        public boolean markWritten() {
            return true;
        }

        @Override
        public void flushBatch() {}
    }

    @BeforeEach
    void setUp() {
        group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
        loop = (EventLoop) group.next();
        MessageCache cache =
                new MessageCache(new CacheLimits(Duration.ofSeconds(180), 1000, 1 << 20), clock);
        hub = new Hub(cache, List.of(loop), metrics, UnpooledByteBufAllocator.DEFAULT);
        mock =
                new MockConsumer<>("none") {
                    @Override
                    public synchronized Map<TopicPartition, OffsetAndTimestamp> offsetsForTimes(
                            Map<TopicPartition, Long> query) {
                        Map<TopicPartition, OffsetAndTimestamp> out = new HashMap<>();
                        for (TopicPartition tp : query.keySet()) {
                            Long o = warmStarts.get(tp);
                            out.put(
                                    tp,
                                    o == null ? null : new OffsetAndTimestamp(o, query.get(tp)));
                        }
                        return out;
                    }

                    @Override
                    public synchronized Map<TopicPartition, Long> endOffsets(
                            Collection<TopicPartition> partitions, Duration timeout) {
                        if (brokersUnreachable) {
                            throw new TimeoutException("no answer within " + timeout);
                        }
                        return super.endOffsets(partitions, timeout);
                    }
                };
        Node node = new Node(0, "localhost", 9092);
        mock.updatePartitions(
                TOPIC,
                List.of(
                        new PartitionInfo(TOPIC, 0, node, new Node[0], new Node[0]),
                        new PartitionInfo(TOPIC, 1, node, new Node[0], new Node[0])));
        mock.updateBeginningOffsets(Map.of(P0, 0L, P1, 0L));
        consumer =
                new SequencedConsumer(
                        mock,
                        TOPIC,
                        Duration.ofSeconds(180),
                        MAX_STALENESS,
                        Duration.ZERO,
                        clock,
                        hub,
                        new PublishRegistry(),
                        metrics);
    }

    @AfterEach
    void tearDown() {
        group.shutdownGracefully(0, 1, java.util.concurrent.TimeUnit.SECONDS).syncUninterruptibly();
    }

    private static ConsumerRecord<byte[], byte[]> record(
            int partition, long offset, String subject, long epoch, long seq, String content) {
        return record(partition, offset, offset, subject, epoch, seq, content);
    }

    private static ConsumerRecord<byte[], byte[]> record(
            int partition,
            long offset,
            long sourceOffset,
            String subject,
            long epoch,
            long seq,
            String content) {
        RecordHeaders h = new RecordHeaders();
        h.add(SequencedHeaders.EPOCH, SequencedHeaders.encodeLong(epoch));
        h.add(SequencedHeaders.SEQ, SequencedHeaders.encodeLong(seq));
        h.add(SequencedHeaders.SOURCE, SequencedHeaders.encodeString("demo:0:" + sourceOffset));
        return new ConsumerRecord<>(
                TOPIC,
                partition,
                offset,
                NOW,
                TimestampType.CREATE_TIME,
                0,
                0,
                subject.getBytes(StandardCharsets.UTF_8),
                content.getBytes(StandardCharsets.UTF_8),
                h,
                java.util.Optional.empty());
    }

    @Test
    void warmsFromNowMinusTtlThenIsReadyAtTheEndSeenAtStart() {
        warmStarts.put(P0, 1L);
        mock.updateEndOffsets(Map.of(P0, 3L, P1, 0L));
        assertThat(consumer.assignAndSeek()).isTrue();
        assertThat(mock.assignment()).containsExactlyInAnyOrder(P0, P1);
        assertThat(mock.position(P0)).isEqualTo(1L);
        assertThat(mock.position(P1)).isEqualTo(0L); // no record after now - TTL: the end
        assertThat(consumer.isReady()).isFalse();
        mock.addRecord(record(0, 1, "/a/1", 1, 0, "one"));
        consumer.pollOnce();
        assertThat(consumer.isReady()).isFalse();
        mock.addRecord(record(0, 2, "/a/1", 1, 1, "two"));
        consumer.pollOnce();
        assertThat(consumer.isReady()).isTrue();
        assertThat(hub.cacheMessages()).isEqualTo(2);
    }

    /** One poll a second of the edge's clock: each runs the maintenance pass that asks the ends. */
    private void pollSeconds(int seconds) {
        for (int i = 0; i < seconds; i++) {
            clock.advance(Duration.ofSeconds(1));
            consumer.pollOnce();
        }
    }

    @Test
    void staysCurrentWhileTheBrokersAnswerThenFallsBehindOnceTheyHaveNotForMaxStaleness() {
        mock.updateEndOffsets(Map.of(P0, 0L, P1, 0L));
        consumer.assignAndSeek();
        assertThat(consumer.isReady()).isTrue();
        assertThat(consumer.stalenessMillis()).isZero();
        pollSeconds(3);
        assertThat(consumer.behind()).isEmpty();
        assertThat(consumer.stalenessMillis()).isZero(); // proven at this very poll

        brokersUnreachable = true; // the link to Kafka is cut: polls bring nothing, no error
        pollSeconds(10);
        assertThat(consumer.stalenessMillis()).isEqualTo(10_000);
        assertThat(consumer.behind()).as("at max-staleness, not beyond").isEmpty();
        pollSeconds(1);
        assertThat(consumer.behind())
                .hasValue(
                        "behind: not caught up with the sequenced topic for 11 s (max-staleness"
                                + " 10 s)");
        assertThat(consumer.isReady()).as("the cache still serves").isTrue();

        brokersUnreachable = false; // healed: what was committed meanwhile is read, then proven
        mock.addRecord(record(0, 0, "/a/1", 1, 0, "m0"));
        mock.updateEndOffsets(Map.of(P0, 1L, P1, 0L));
        pollSeconds(1);
        assertThat(consumer.behind()).isEmpty();
        assertThat(consumer.stalenessMillis()).isZero();
        assertThat(consumer.lagRecords()).isZero();
    }

    @Test
    void anEdgeThatReadsTooSlowlyIsBehindAlthoughTheBrokersAnswer() {
        mock.updateEndOffsets(Map.of(P0, 0L, P1, 0L));
        consumer.assignAndSeek();
        clock.advance(Duration.ofSeconds(1));
        mock.updateEndOffsets(Map.of(P0, 5L, P1, 2L)); // committed, but not polled yet
        consumer.pollOnce();
        assertThat(consumer.lagRecords()).isEqualTo(7);
        pollSeconds(11);
        assertThat(consumer.behind()).isPresent();
        mock.addRecord(record(0, 0, "/a/1", 1, 0, "m0"));
        mock.addRecord(record(0, 1, "/a/1", 1, 1, "m1"));
        consumer.pollOnce();
        assertThat(consumer.lagRecords()).as("the newest ends, minus what was read").isEqualTo(5);
        assertThat(consumer.behind()).isPresent();
    }

    @Test
    void stalenessIsUnknownUntilTheCacheIsWarm() {
        warmStarts.put(P0, 0L);
        mock.updateEndOffsets(Map.of(P0, 1L, P1, 0L));
        consumer.assignAndSeek();
        assertThat(consumer.isReady()).isFalse();
        assertThat(consumer.stalenessMillis()).isEqualTo(-1);
        assertThat(consumer.behind()).as("warming, not behind").isEmpty();
        mock.addRecord(record(0, 0, "/a/1", 1, 0, "m0"));
        consumer.pollOnce();
        assertThat(consumer.isReady()).isTrue();
        assertThat(consumer.stalenessMillis()).isZero();
    }

    @Test
    void aMalformedRecordIsCountedAndSkippedAndTheLoopGoesOn() {
        mock.updateEndOffsets(Map.of(P0, 0L, P1, 0L));
        consumer.assignAndSeek();
        mock.addRecord(record(0, 0, "/a/1", 1, 0, "ok"));
        mock.addRecord(new ConsumerRecord<>(TOPIC, 0, 1, null, "no key".getBytes()));
        mock.addRecord(
                new ConsumerRecord<>(TOPIC, 0, 2, "/a/1".getBytes(), "no headers".getBytes()));
        mock.addRecord(record(0, 3, "no-slash", 1, 1, "bad subject"));
        mock.addRecord(record(0, 4, "/a/1", 1, 1, "ok too"));
        consumer.pollOnce();
        assertThat(metrics.malformedRecords()).isEqualTo(3);
        assertThat(metrics.recordsIn()).isEqualTo(2);
        assertThat(hub.cacheMessages()).isEqualTo(2);
    }

    @Test
    void dropsDuplicatesBySourceAndFansOutEachMessageOnceInOrder() throws Exception {
        mock.updateEndOffsets(Map.of(P0, 0L, P1, 0L));
        consumer.assignAndSeek();
        Recorder recorder = new Recorder();
        Subject a = Subject.parse("/a/1");
        loop.submit(() -> hub.subscribe(recorder, loop, SubscriptionRequest.live(a), 1 << 20))
                .get();
        mock.addRecord(record(0, 0, "/a/1", 1, 0, "m0"));
        mock.addRecord(record(0, 1, "/a/1", 1, 1, "m1"));
        mock.addRecord(record(0, 2, 1, "/a/1", 2, 0, "m1")); // re-delivery under a new epoch
        mock.addRecord(record(0, 3, "/a/1", 2, 1, "m2"));
        mock.addRecord(record(1, 0, "/b/1", 1, 0, "other subject"));
        consumer.pollOnce();
        Poll.until("three frames", Duration.ofSeconds(5), () -> recorder.frames.size() >= 3);
        assertThat(recorder.frames).hasSize(3);
        assertThat(recorder.frames.get(0)).contains("\"content\":\"m0\"");
        assertThat(recorder.frames.get(2)).contains("\"epoch\":2,\"seq\":1");
        assertThat(metrics.duplicatesDropped()).isEqualTo(1);
        assertThat(hub.cacheMessages()).isEqualTo(4);
    }

    @Test
    void anErrorFromKafkaEscapesRunOnceTheConsumerIsClosed() {
        mock.updateEndOffsets(Map.of(P0, 0L, P1, 0L));
        mock.setPollException(new TopicAuthorizationException(Set.of(TOPIC)));
        assertThatThrownBy(consumer::run).isInstanceOf(TopicAuthorizationException.class);
        assertThat(mock.closed()).isTrue();
    }

    @Test
    void aDeletedTopicStopsTheConsumerOnceItsMetadataStaysEmpty() {
        mock.updateEndOffsets(Map.of(P0, 0L, P1, 0L));
        consumer.assignAndSeek();
        consumer.pollOnce();
        mock.updatePartitions(TOPIC, List.of());
        for (int i = 1; i < SequencedConsumer.TOPIC_GONE_CHECKS; i++) {
            clock.advance(Duration.ofSeconds(1));
            consumer.pollOnce(); // metadata may lag for a moment
        }
        clock.advance(Duration.ofSeconds(1));
        assertThatThrownBy(consumer::pollOnce)
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("the sequenced topic " + TOPIC + " no longer exists");
    }

    @Test
    void runReturnsNormallyAfterStop() throws Exception {
        mock.updateEndOffsets(Map.of(P0, 0L, P1, 0L));
        AtomicReference<Throwable> escaped = new AtomicReference<>();
        Thread t = new Thread(consumer);
        t.setUncaughtExceptionHandler((thread, e) -> escaped.set(e));
        t.start();
        Poll.until("ready", Duration.ofSeconds(5), consumer::isReady);
        consumer.stop();
        t.join(5_000);
        assertThat(t.isAlive()).isFalse();
        assertThat(escaped.get()).isNull();
        assertThat(mock.closed()).isTrue();
    }
}
