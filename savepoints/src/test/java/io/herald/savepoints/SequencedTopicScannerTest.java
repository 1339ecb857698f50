package io.herald.savepoints;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.herald.operators.PublishedPosition;
import io.herald.operators.SequencerFunction;
import io.herald.wire.Position;
import io.herald.wire.SequencedHeaders;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.MockConsumer;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.junit.jupiter.api.Test;

class SequencedTopicScannerTest {

    private static final String TOPIC = "messages.sequenced";
    private static final TopicPartition P0 = new TopicPartition(TOPIC, 0);
    private static final TopicPartition P1 = new TopicPartition(TOPIC, 1);

    private static final SequencedTopicScanner.Kind SEQ = SequencedTopicScanner.Kind.SEQUENCED;

    private final MockConsumer<byte[], byte[]> consumer = new MockConsumer<>("earliest");

    private void partitions(Map<TopicPartition, Long> endOffsets) {
        Node node = new Node(0, "localhost", 9092);
        consumer.updatePartitions(
                TOPIC,
                endOffsets.keySet().stream()
                        .map(
                                tp ->
                                        new PartitionInfo(
                                                TOPIC,
                                                tp.partition(),
                                                node,
                                                new Node[] {node},
                                                new Node[] {node}))
                        .toList());
        consumer.updateBeginningOffsets(
                Map.of(P0, 0L, P1, 0L).entrySet().stream()
                        .filter(e -> endOffsets.containsKey(e.getKey()))
                        .collect(
                                java.util.stream.Collectors.toMap(
                                        Map.Entry::getKey, Map.Entry::getValue)));
        consumer.updateEndOffsets(endOffsets);
    }

    private static ConsumerRecord<byte[], byte[]> sequenced(
            TopicPartition tp, long offset, String subject, long epoch, long seq) {
        RecordHeaders headers = new RecordHeaders();
        headers.add(SequencedHeaders.EPOCH, SequencedHeaders.encodeLong(epoch));
        headers.add(SequencedHeaders.SEQ, SequencedHeaders.encodeLong(seq));
        headers.add(SequencedHeaders.SOURCE, SequencedHeaders.encodeString("src:0:" + offset));
        return record(tp, offset, subject.getBytes(StandardCharsets.UTF_8), headers);
    }

    private static ConsumerRecord<byte[], byte[]> record(
            TopicPartition tp, long offset, byte[] key, RecordHeaders headers) {
        return new ConsumerRecord<>(
                tp.topic(),
                tp.partition(),
                offset,
                0L,
                TimestampType.CREATE_TIME,
                key == null ? -1 : key.length,
                1,
                key,
                new byte[] {'x'},
                headers,
                Optional.empty());
    }

    @Test
    void keepsEachSubjectsHighestPositionAcrossPartitions() throws Exception {
        partitions(Map.of(P0, 3L, P1, 2L));
        consumer.schedulePollTask(
                () -> {
                    consumer.addRecord(sequenced(P0, 0, "/chat/a", 5, 0));
                    consumer.addRecord(sequenced(P0, 1, "/chat/a", 5, 1));
                    consumer.addRecord(sequenced(P1, 0, "/chat/b", 5, 0));
                });
        consumer.schedulePollTask(
                () -> {
                    consumer.addRecord(sequenced(P0, 2, "/chat/a", 9, 0));
                    consumer.addRecord(sequenced(P1, 1, "/chat/b", 5, 1));
                });

        TopicScan scan = SequencedTopicScanner.scan(consumer, TOPIC, SEQ, Duration.ofSeconds(10));

        assertThat(scan.lastPositions())
                .containsExactly(
                        Map.entry("/chat/a", new Position(9, 0)),
                        Map.entry("/chat/b", new Position(5, 1)));
        assertThat(scan.records()).isEqualTo(5);
        assertThat(scan.rejected()).isZero();
        assertThat(scan.highestEpoch()).hasValue(9);
        assertThat(scan.sourceOffsets()).isEqualTo(Map.of(new TopicPartition("src", 0), 2L));
    }

    @Test
    void keepsThePublishIdsOfTheWindowWithTheirFirstCopysPosition() throws Exception {
        long now = System.currentTimeMillis();
        long old = now - Duration.ofMinutes(11).toMillis();
        partitions(Map.of(P0, 5L));
        consumer.schedulePollTask(
                () -> {
                    consumer.addRecord(published(P0, 0, "/chat/a", 0, "alice", "x", old));
                    consumer.addRecord(published(P0, 1, "/chat/a", 1, "alice", "y", now));
                    // The sequencer's answer to a resend of y: its first copy's position again.
                    consumer.addRecord(published(P0, 2, "/chat/a", 1, "alice", "y", now));
                    consumer.addRecord(published(P0, 3, "/chat/a", 2, null, "y", now));
                    consumer.addRecord(sequenced(P0, 4, "/chat/b", 5, 0));
                });

        TopicScan scan =
                SequencedTopicScanner.scanSequenced(
                        consumer, TOPIC, Duration.ofMinutes(10), Duration.ofSeconds(10));

        assertThat(scan.publishedIds()).containsOnlyKeys("/chat/a");
        assertThat(scan.publishedIds().get("/chat/a"))
                .containsOnly(
                        Map.entry(
                                SequencerFunction.publishedIdKey("alice", "y"),
                                new PublishedPosition(5, 1, "src:0:1", now)),
                        Map.entry(
                                SequencerFunction.publishedIdKey(null, "y"),
                                new PublishedPosition(5, 2, "src:0:3", now)));
        assertThat(scan.publishedIdCount()).isEqualTo(2);
        assertThat(scan.lastPositions().get("/chat/a")).isEqualTo(new Position(5, 2));
    }

    @Test
    void keepsNoPublishIdsWithoutAWindow() throws Exception {
        partitions(Map.of(P0, 1L));
        consumer.schedulePollTask(
                () ->
                        consumer.addRecord(
                                published(
                                        P0,
                                        0,
                                        "/chat/a",
                                        0,
                                        "alice",
                                        "x",
                                        System.currentTimeMillis())));

        assertThat(
                        SequencedTopicScanner.scanSequenced(
                                        consumer, TOPIC, Duration.ZERO, Duration.ofSeconds(10))
                                .publishedIds())
                .isEmpty();
    }

    /** A sequenced record of epoch 5 with a {@code message-id} (and a publisher, unless null). */
    private static ConsumerRecord<byte[], byte[]> published(
            TopicPartition tp,
            long offset,
            String subject,
            long seq,
            String publisher,
            String messageId,
            long timestamp) {
        RecordHeaders headers = new RecordHeaders();
        headers.add(SequencedHeaders.EPOCH, SequencedHeaders.encodeLong(5));
        headers.add(SequencedHeaders.SEQ, SequencedHeaders.encodeLong(seq));
        headers.add(SequencedHeaders.SOURCE, SequencedHeaders.encodeString("src:0:" + offset));
        headers.add(SequencedHeaders.MESSAGE_ID, SequencedHeaders.encodeString(messageId));
        if (publisher != null) {
            headers.add(SequencedHeaders.PUBLISHER, SequencedHeaders.encodeString(publisher));
        }
        byte[] key = subject.getBytes(StandardCharsets.UTF_8);
        return new ConsumerRecord<>(
                tp.topic(),
                tp.partition(),
                offset,
                timestamp,
                TimestampType.CREATE_TIME,
                key.length,
                1,
                key,
                new byte[] {'x'},
                headers,
                Optional.empty());
    }

    @Test
    void deadLettersCountOnlyForTheirSourceOffsets() throws Exception {
        partitions(Map.of(P0, 2L));
        consumer.schedulePollTask(
                () -> {
                    RecordHeaders a = new RecordHeaders();
                    a.add(SequencedHeaders.SOURCE, SequencedHeaders.encodeString("src:3:17"));
                    a.add(SequencedHeaders.ERROR, SequencedHeaders.encodeString("bad key"));
                    consumer.addRecord(record(P0, 0, null, a));
                    RecordHeaders b = new RecordHeaders();
                    b.add(SequencedHeaders.SOURCE, SequencedHeaders.encodeString("src:3:12"));
                    consumer.addRecord(record(P0, 1, null, b));
                });

        TopicScan scan =
                SequencedTopicScanner.scan(
                        consumer,
                        TOPIC,
                        SequencedTopicScanner.Kind.DEAD_LETTER,
                        Duration.ofSeconds(10));

        assertThat(scan.lastPositions()).isEmpty();
        assertThat(scan.sourceOffsets()).isEqualTo(Map.of(new TopicPartition("src", 3), 17L));
        assertThat(SourceOffsets.resumeAfter(scan))
                .isEqualTo(Map.of(new TopicPartition("src", 3), 18L));
    }

    @Test
    void countsRecordsThatBreakTheContractAndSaysWhy() throws Exception {
        partitions(Map.of(P0, 3L));
        consumer.schedulePollTask(
                () -> {
                    consumer.addRecord(sequenced(P0, 0, "/chat/a", 5, 0));
                    consumer.addRecord(record(P0, 1, null, new RecordHeaders()));
                    consumer.addRecord(
                            record(
                                    P0,
                                    2,
                                    "/chat/b".getBytes(StandardCharsets.UTF_8),
                                    new RecordHeaders()));
                });

        TopicScan scan = SequencedTopicScanner.scan(consumer, TOPIC, SEQ, Duration.ofSeconds(10));

        assertThat(scan.lastPositions()).containsOnlyKeys("/chat/a");
        assertThat(scan.records()).isEqualTo(3);
        assertThat(scan.rejected()).isEqualTo(2);
        assertThat(scan.firstRejection())
                .isEqualTo("messages.sequenced:0:1: sequenced record without a key");
    }

    @Test
    void stopsAtTheEndOffsetsTakenWhenTheScanStarted() throws Exception {
        partitions(Map.of(P0, 1L));
        consumer.schedulePollTask(
                () -> {
                    consumer.addRecord(sequenced(P0, 0, "/chat/a", 5, 0));
                    consumer.addRecord(sequenced(P0, 1, "/chat/a", 5, 1));
                });

        TopicScan scan = SequencedTopicScanner.scan(consumer, TOPIC, SEQ, Duration.ofSeconds(10));

        assertThat(scan.lastPositions()).containsExactly(Map.entry("/chat/a", new Position(5, 0)));
    }

    @Test
    void anEmptyTopicGivesAnEmptyScan() throws Exception {
        partitions(Map.of(P0, 0L, P1, 0L));
        TopicScan scan = SequencedTopicScanner.scan(consumer, TOPIC, SEQ, Duration.ofSeconds(10));
        assertThat(scan.lastPositions()).isEmpty();
        assertThat(scan.highestEpoch()).isEmpty();
    }

    @Test
    void failsWhenTheEndCannotBeReachedInTime() {
        partitions(Map.of(P0, 5L));
        assertThatThrownBy(
                        () ->
                                SequencedTopicScanner.scan(
                                        consumer, TOPIC, SEQ, Duration.ofMillis(300)))
                .isInstanceOf(TimeoutException.class)
                .hasMessageContaining("did not reach the end offsets");
    }

    @Test
    void anUnknownTopicIsAnError() {
        assertThatThrownBy(
                        () ->
                                SequencedTopicScanner.scan(
                                        consumer, "nope", SEQ, Duration.ofSeconds(1)))
                .isInstanceOf(UnknownTopicOrPartitionException.class)
                .hasMessage("topic nope does not exist");
    }
}
