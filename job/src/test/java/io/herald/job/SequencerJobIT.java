package io.herald.job;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import io.herald.testing.EmbeddedKafka;
import io.herald.testing.Poll;
import io.herald.wire.DeadLetterReason;
import io.herald.wire.Position;
import io.herald.wire.SequencedHeaders;
import io.herald.wire.SequencedMessage;
import io.herald.wire.SourceRef;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.flink.client.program.ClusterClient;
import org.apache.flink.test.junit5.InjectClusterClient;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The real job (production wiring, RocksDB, Kafka source and sinks) on a MiniCluster against a real
 * KRaft broker: 10,000 records over 200 subjects on two source topics of 3 partitions each, plus
 * records with invalid keys. The first run subscribes by topic pattern, the others by topic list.
 */
class SequencerJobIT {
    private static final Logger LOG = LoggerFactory.getLogger(SequencerJobIT.class);

    private static final int SUBJECTS = 200;
    private static final int PER_SUBJECT = 50;
    private static final int TOTAL = SUBJECTS * PER_SUBJECT;
    private static final int PARTITIONS = 3;
    private static final Duration DEADLINE = Duration.ofSeconds(90);

    @RegisterExtension static final MiniClusterExtension FLINK = TestSequencer.miniCluster(2);

    @RegisterExtension static final EmbeddedKafka KAFKA = EmbeddedKafka.perClass();

    @TempDir static Path checkpoints;

    @Test
    void sequencesEveryRecordExactlyOnceInSourceOrderAndDeadLettersInvalidOnes(
            @InjectClusterClient ClusterClient<?> flink) throws Exception {
        Run run = new Run(flink, "eo", Delivery.EXACTLY_ONCE, false, true);
        try {
            run.produce(0, PER_SUBJECT);
            Set<String> invalid = run.produceInvalid();

            List<ConsumerRecord<byte[], byte[]>> sequenced = run.awaitAll(TOTAL);
            Map<String, List<SequencedMessage>> bySubject = bySubject(sequenced, false);
            assertEverySubjectComplete(bySubject);
            assertThat(bySubject.values())
                    .as("no failure: one epoch per subject")
                    .allSatisfy(m -> assertThat(epochs(m)).hasSize(1));
            run.assertDeadLetters(invalid);

            // Stopped with a savepoint right after its last records were sequenced, the job
            // leaves its group at the savepoint's offsets: a start without the savepoint
            // re-reads nothing.
            run.produce(PER_SUBJECT, PER_SUBJECT + 1);
            assertThat(KAFKA.readAll(run.sequencedTopic, TOTAL + SUBJECTS, DEADLINE))
                    .hasSize(TOTAL + SUBJECTS);
            run.stopWithSavepoint();
            try (Admin admin = KAFKA.admin()) {
                assertThat(run.committedOffsets(admin))
                        .as("committed offsets of group %s after stop-with-savepoint", run.name)
                        .isEqualTo(run.endOffsets(admin));
            }
        } finally {
            run.cancel();
        }
    }

    @Test
    void exactlyOnceSurvivesAFailureMidStreamWithGreaterEpochsAfterTheRestore(
            @InjectClusterClient ClusterClient<?> flink) throws Exception {
        Run run = new Run(flink, "eo-fail", Delivery.EXACTLY_ONCE, true, false);
        try {
            run.produce(0, PER_SUBJECT / 2);
            Set<String> invalid = run.produceInvalid();
            Poll.until("a checkpoint with records", DEADLINE, () -> FailOnce.armed(run.name));
            run.produce(PER_SUBJECT / 2, PER_SUBJECT);

            List<ConsumerRecord<byte[], byte[]>> sequenced = run.awaitAll(TOTAL);
            assertThat(FailOnce.failed(run.name)).isTrue();
            Map<String, List<SequencedMessage>> bySubject = bySubject(sequenced, false);
            assertEverySubjectComplete(bySubject);
            assertThat(bySubject.values().stream().filter(m -> epochs(m).size() > 1))
                    .as("subjects that continued in a new epoch after the restore")
                    .isNotEmpty();
            run.assertDeadLetters(invalid);
        } finally {
            run.cancel();
        }
    }

    @Test
    void lowLatencyModeLosesNothingAcrossAFailureOnceSourceDuplicatesAreDropped(
            @InjectClusterClient ClusterClient<?> flink) throws Exception {
        Run run = new Run(flink, "ll-fail", Delivery.LOW_LATENCY, true, false);
        try {
            run.produce(0, PER_SUBJECT / 2);
            Poll.until("a checkpoint with records", DEADLINE, () -> FailOnce.armed(run.name));
            run.produce(PER_SUBJECT / 2, PER_SUBJECT);

            Poll.until("the failure", DEADLINE, () -> FailOnce.failed(run.name));
            List<ConsumerRecord<byte[], byte[]>> sequenced = run.awaitAll(TOTAL);
            Map<String, List<SequencedMessage>> bySubject = bySubject(sequenced, true);
            assertEverySubjectComplete(bySubject);
            LOG.info(
                    "low-latency run: read={} re-emitted duplicates dropped by source={}",
                    sequenced.size(),
                    sequenced.size() - TOTAL);
        } finally {
            run.cancel();
        }
    }

    /** One job run on its own topics, consumer group and transactional ids. */
    private static final class Run {
        final String name;
        final List<String> sources;
        final String sequencedTopic;
        final String deadLetterTopic;
        final RunningJob job;

        Run(
                ClusterClient<?> flink,
                String name,
                Delivery delivery,
                boolean failOnce,
                boolean subscribeByPattern)
                throws Exception {
            this.name = name;
            this.sources = List.of(name + "-alpha", name + "-beta");
            sources.forEach(t -> KAFKA.createTopic(t, PARTITIONS));
            TestSequencer sequencer =
                    TestSequencer.on(KAFKA, name, checkpoints.resolve(name))
                            .flag("--delivery", delivery.flag())
                            .flag("--checkpoint-interval", "200ms")
                            .flag("--parallelism", "2");
            if (subscribeByPattern) {
                sequencer.flag("--source-topic-pattern", name + "-(alpha|beta)");
            } else {
                sequencer.flag("--source-topics", String.join(",", sources));
            }
            sequencer.createTopics(PARTITIONS);
            this.sequencedTopic = sequencer.config().sequencedTopic();
            this.deadLetterTopic = sequencer.config().deadLetterTopic();
            this.job =
                    failOnce
                            ? sequencer.start(
                                    flink, s -> s.map(new FailOnce(name, 500)).name("fail-once"))
                            : sequencer.start(flink);
        }

        /** Messages {@code from} (inclusive) to {@code to} of every subject, in order. */
        void produce(int from, int to) {
            try (KafkaProducer<byte[], byte[]> producer = KAFKA.producer()) {
                for (int n = from; n < to; n++) {
                    for (int s = 0; s < SUBJECTS; s++) {
                        ProducerRecord<byte[], byte[]> record =
                                new ProducerRecord<>(
                                        sources.get(s % 2),
                                        ("s-" + s).getBytes(UTF_8),
                                        content(s, n).getBytes(UTF_8));
                        record.headers().add(SequencedHeaders.MESSAGE_ID, messageId(s, n));
                        record.headers().add(SequencedHeaders.PUBLISHER, "it".getBytes(UTF_8));
                        producer.send(record);
                    }
                }
                producer.flush();
            }
        }

        /** Records that map to no subject, on every source partition; returns their sources. */
        Set<String> produceInvalid() throws Exception {
            Set<String> refs = new HashSet<>();
            try (KafkaProducer<byte[], byte[]> producer = KAFKA.producer()) {
                for (String topic : sources) {
                    for (int p = 0; p < PARTITIONS; p++) {
                        for (byte[] key :
                                List.of(new byte[] {(byte) 0xff}, "a//b".getBytes(UTF_8))) {
                            RecordMetadata m =
                                    producer.send(
                                                    new ProducerRecord<>(
                                                            topic, p, key, "bad".getBytes(UTF_8)))
                                            .get();
                            refs.add(
                                    new SourceRef(m.topic(), m.partition(), m.offset()).toString());
                        }
                    }
                }
            }
            return refs;
        }

        /**
         * Waits until a checkpoint covers every source record (the job committed the source offsets
         * up to the end), then reads the sequenced topic to its end, read_committed.
         */
        List<ConsumerRecord<byte[], byte[]>> awaitAll(int expected) throws Exception {
            awaitSourceOffsetsCommittedToTheEnd();
            List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
            try (KafkaConsumer<byte[], byte[]> consumer = KAFKA.readCommittedConsumer()) {
                List<TopicPartition> partitions = new ArrayList<>();
                for (int p = 0; p < PARTITIONS; p++) {
                    partitions.add(new TopicPartition(sequencedTopic, p));
                }
                consumer.assign(partitions);
                consumer.seekToBeginning(partitions);
                Poll.until(
                        expected + " sequenced records",
                        DEADLINE,
                        () -> {
                            consumer.poll(Duration.ofMillis(100)).forEach(records::add);
                            return records.size() >= expected;
                        },
                        () -> "got " + records.size());
                Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
                Poll.until(
                        "the end of " + sequencedTopic,
                        DEADLINE,
                        () -> {
                            consumer.poll(Duration.ofMillis(50)).forEach(records::add);
                            return partitions.stream()
                                    .allMatch(tp -> consumer.position(tp) >= end.get(tp));
                        });
            }
            return records;
        }

        /**
         * Waits until the job's consumer group holds, for every source partition, exactly the
         * partition's end offset: a completed checkpoint covers every source record and the source
         * committed its offsets. With an idle source the commit can trail the checkpoint by up to
         * the connector's 10 s poll timeout (docs/sequencer.md), well within the deadline.
         */
        void awaitSourceOffsetsCommittedToTheEnd() throws Exception {
            try (Admin admin = KAFKA.admin()) {
                Map<TopicPartition, Long> end = endOffsets(admin);
                Map<TopicPartition, Long> committed = new HashMap<>();
                Poll.until(
                        "source offsets of group " + name + " committed up to the end",
                        DEADLINE,
                        () -> {
                            committed.clear();
                            committed.putAll(committedOffsets(admin));
                            return committed.equals(end);
                        },
                        () -> "committed " + committed + ", end " + end);
            }
        }

        Map<TopicPartition, Long> endOffsets(Admin admin) throws Exception {
            Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
            for (String topic : sources) {
                for (int p = 0; p < PARTITIONS; p++) {
                    latest.put(new TopicPartition(topic, p), OffsetSpec.latest());
                }
            }
            Map<TopicPartition, Long> end = new HashMap<>();
            admin.listOffsets(latest).all().get().forEach((tp, info) -> end.put(tp, info.offset()));
            return end;
        }

        Map<TopicPartition, Long> committedOffsets(Admin admin) {
            try {
                Map<TopicPartition, Long> offsets = new HashMap<>();
                admin.listConsumerGroupOffsets(name)
                        .partitionsToOffsetAndMetadata()
                        .get()
                        .forEach(
                                (tp, o) -> {
                                    if (o != null) {
                                        offsets.put(tp, o.offset());
                                    }
                                });
                return offsets;
            } catch (Exception e) {
                throw new AssertionError(e);
            }
        }

        void assertDeadLetters(Set<String> expectedSources) {
            List<ConsumerRecord<byte[], byte[]>> dead =
                    KAFKA.readAll(deadLetterTopic, expectedSources.size(), DEADLINE);
            assertThat(dead).hasSize(expectedSources.size());
            assertThat(dead)
                    .extracting(r -> header(r, SequencedHeaders.SOURCE))
                    .containsExactlyInAnyOrderElementsOf(expectedSources);
            assertThat(dead)
                    .allSatisfy(
                            r -> {
                                assertThat(header(r, SequencedHeaders.REASON))
                                        .isEqualTo(DeadLetterReason.INVALID_SUBJECT.header());
                                assertThat(header(r, SequencedHeaders.ERROR)).isNotBlank();
                                assertThat(new String(r.value(), UTF_8)).isEqualTo("bad");
                            });
        }

        /** Stops the job with a savepoint and waits until it has finished. */
        void stopWithSavepoint() {
            job.stopWithSavepoint(checkpoints.resolve(name + "-savepoint"));
        }

        /** Cancels the job unless it has already stopped. */
        void cancel() throws Exception {
            job.close();
        }
    }

    private static Map<String, List<SequencedMessage>> bySubject(
            List<ConsumerRecord<byte[], byte[]>> records, boolean dropSeenSources) {
        Map<String, List<SequencedMessage>> bySubject = new LinkedHashMap<>();
        Map<String, Long> lastSourceOffset = new HashMap<>();
        for (ConsumerRecord<byte[], byte[]> r : records) {
            SequencedMessage m =
                    SequencedMessage.decode(
                            r.key(),
                            r.value(),
                            r.timestamp(),
                            name -> {
                                Header h = r.headers().lastHeader(name);
                                return h == null ? null : h.value();
                            });
            String subject = m.subject().value();
            long offset = m.source().offset();
            Long last = lastSourceOffset.get(subject);
            if (dropSeenSources && last != null && offset <= last) {
                continue;
            }
            lastSourceOffset.put(subject, offset);
            bySubject.computeIfAbsent(subject, k -> new ArrayList<>()).add(m);
        }
        return bySubject;
    }

    /**
     * Every subject holds its messages 0..49 exactly once and in source order, from distinct
     * increasing source offsets; positions start at seq 0 and strictly increase, contiguous within
     * each epoch; in exactly-once mode every new epoch starts at seq 0.
     */
    private static void assertEverySubjectComplete(Map<String, List<SequencedMessage>> bySubject) {
        assertThat(bySubject).hasSize(SUBJECTS);
        bySubject.forEach(
                (subject, messages) -> {
                    int s = Integer.parseInt(subject.substring(subject.lastIndexOf("s-") + 2));
                    List<String> expected = new ArrayList<>();
                    for (int n = 0; n < PER_SUBJECT; n++) {
                        expected.add(content(s, n));
                    }
                    assertThat(messages)
                            .extracting(m -> new String(m.content(), UTF_8))
                            .as("contents of %s", subject)
                            .containsExactlyElementsOf(expected);
                    assertThat(messages.get(0).position().seq()).isZero();
                    for (int i = 1; i < messages.size(); i++) {
                        SequencedMessage prev = messages.get(i - 1);
                        SequencedMessage next = messages.get(i);
                        assertThat(next.source().isAfter(prev.source()))
                                .as("%s: source %s after %s", subject, next.source(), prev.source())
                                .isTrue();
                        Position a = prev.position();
                        Position b = next.position();
                        if (a.epoch() == b.epoch()) {
                            assertThat(b.seq())
                                    .as("%s: %s then %s", subject, a, b)
                                    .isEqualTo(a.seq() + 1);
                        } else {
                            assertThat(b.epoch())
                                    .as("%s: %s then %s", subject, a, b)
                                    .isGreaterThan(a.epoch());
                        }
                    }
                    for (SequencedMessage m : messages) {
                        String content = new String(m.content(), UTF_8);
                        int n = Integer.parseInt(content.substring(content.indexOf('#') + 1));
                        assertThat(m.messageId()).isEqualTo(new String(messageId(s, n), UTF_8));
                        assertThat(m.publisher()).isEqualTo("it");
                    }
                });
    }

    private static Set<Long> epochs(List<SequencedMessage> messages) {
        Set<Long> epochs = new HashSet<>();
        messages.forEach(m -> epochs.add(m.position().epoch()));
        return epochs;
    }

    private static String content(int subject, int n) {
        return "s-" + subject + "#" + n;
    }

    private static byte[] messageId(int subject, int n) {
        return ("m-" + subject + "-" + n).getBytes(UTF_8);
    }

    private static String header(ConsumerRecord<byte[], byte[]> r, String name) {
        Header h = r.headers().lastHeader(name);
        return h == null ? null : new String(h.value(), UTF_8);
    }
}
