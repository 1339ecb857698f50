package io.herald.savepoints;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.herald.job.RunningJob;
import io.herald.job.SequencerConfig;
import io.herald.job.TestSequencer;
import io.herald.testing.EmbeddedKafka;
import io.herald.wire.Position;
import io.herald.wire.SequencedHeaders;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.IntStream;
import org.apache.flink.client.program.ClusterClient;
import org.apache.flink.test.junit5.InjectClusterClient;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.flink.util.FileUtils;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The operations of docs/operations.md against the real job on a MiniCluster and a real KRaft
 * broker: stop-with-savepoint and inspect, restore with rescaling, and rebuilding lost state.
 */
class SavepointOperationsIT {

    @RegisterExtension static final MiniClusterExtension FLINK = TestSequencer.miniCluster(4);
    @RegisterExtension static final EmbeddedKafka KAFKA = EmbeddedKafka.perClass();

    private static final Duration WAIT = Duration.ofSeconds(60);

    @TempDir Path dir;

    private TestSequencer sequencer(String name, int parallelism) {
        return SequencerRun.sequencer(KAFKA, name, dir.resolve("checkpoints"), parallelism);
    }

    /**
     * Runs the tool as its users do (the script, in a JVM of its own) and returns its stdout; it
     * must succeed and print nothing on stderr.
     */
    private String cli(String... args) throws Exception {
        Path run = Files.createTempDirectory(dir, "cli");
        ToolProcess.Result result = ToolProcess.run(run, run.resolve("tool.log"), args);
        assertThat(result.status()).as(result.stderr()).isZero();
        assertThat(result.stderr()).isEmpty();
        return result.stdout();
    }

    private static List<String> keys(int n) {
        return IntStream.range(0, n).mapToObj(i -> "k" + i).toList();
    }

    /** What a first run of the job left: its sequenced records and its savepoint. */
    private record FirstRun(
            TestSequencer sequencer, List<SequencedLog.Entry> out, String savepoint) {}

    /**
     * Runs the job on its own topics of 2 partitions at parallelism 2, publishes {@code records}
     * records over {@code subjects} subjects (from {@code publisher} with message ids, unless
     * null), waits until all are sequenced, and stops the job with a savepoint.
     */
    private FirstRun runAndStopWithSavepoint(
            ClusterClient<?> flink, String name, int subjects, int records, String publisher)
            throws Exception {
        TestSequencer sequencer = sequencer(name, 2).createTopics(2);
        RunningJob job = sequencer.start(flink);
        SequencedLog.publish(KAFKA, name, keys(subjects), records, publisher);
        List<SequencedLog.Entry> out =
                SequencedLog.await(KAFKA, sequencer.config().sequencedTopic(), records, WAIT);
        return new FirstRun(sequencer, out, job.stopWithSavepoint(dir.resolve("sp")));
    }

    @Test
    void inspectShowsEachSubjectsLastPositionAsInTheSequencedTopic(
            @InjectClusterClient ClusterClient<?> flink) throws Exception {
        FirstRun run = runAndStopWithSavepoint(flink, "inspect", 6, 60, null);
        String savepoint = run.savepoint();

        String stdout = cli("inspect", "--path", savepoint, "--format", "json");

        JsonNode json = new ObjectMapper().readTree(stdout);
        Map<String, Position> inspected = new HashMap<>();
        json.get("subjects")
                .forEach(
                        s ->
                                inspected.put(
                                        s.get("subject").asText(),
                                        new Position(
                                                s.get("epoch").asLong(), s.get("seq").asLong())));
        Map<String, Position> expected = SequencedLog.lastPositions(run.out());
        assertThat(expected).hasSize(6);
        assertThat(inspected).isEqualTo(expected);
        assertThat(json.get("issuedEpochs")).hasSize(2);
        long maxEpoch = expected.values().stream().mapToLong(Position::epoch).max().orElseThrow();
        assertThat(json.get("highestIssuedEpoch").asLong()).isGreaterThanOrEqualTo(maxEpoch);

        Inspection chat =
                new SavepointInspector(HeraldSavepoints.localEnvironment())
                        .inspect(savepoint, "/inspect/k1");
        assertThat(chat.subjects())
                .containsExactly(
                        new SubjectPositionRow(
                                "/inspect/k1",
                                expected.get("/inspect/k1").epoch(),
                                expected.get("/inspect/k1").seq()));
    }

    @Test
    void restoresAtParallelismOneFourTwoWhilePublishingWithRisingEpochsExactlyOnce(
            @InjectClusterClient ClusterClient<?> flink) throws Exception {
        TestSequencer sequencer = sequencer("rescale", 1).createTopics(4);
        SequencerConfig one = sequencer.config();
        ExecutorService publisher = Executors.newSingleThreadExecutor();
        AtomicBoolean stop = new AtomicBoolean();
        Future<Integer> published = publisher.submit(() -> publishUntil(stop, "rescale", 5_000));
        try {
            RunningJob job = sequencer.start(flink);
            List<Long> highestIssued = new ArrayList<>();
            String savepoint = null;
            for (int parallelism : new int[] {4, 2}) {
                SequencedLog.await(
                        KAFKA, one.sequencedTopic(), 100 * (highestIssued.size() + 1), WAIT);
                savepoint = job.stopWithSavepoint(dir.resolve("sp"));
                highestIssued.add(
                        new SavepointInspector(HeraldSavepoints.localEnvironment())
                                .inspect(savepoint, "")
                                .highestIssuedEpoch()
                                .orElseThrow());
                job = sequencer("rescale", parallelism).startFrom(flink, savepoint);
            }
            SequencedLog.await(KAFKA, one.sequencedTopic(), 300, WAIT);
            stop.set(true);
            int total = published.get(30, TimeUnit.SECONDS);
            List<SequencedLog.Entry> out =
                    SequencedLog.await(KAFKA, one.sequencedTopic(), total, WAIT);
            job.stopWithSavepoint(dir.resolve("sp"));

            SequencedLog.assertOrderedExactlyOnce(
                    SequencedLog.read(KAFKA, one.sequencedTopic()), total);
            assertThat(out).hasSize(total);
            // Each incarnation's epochs lie above everything the one before it issued.
            assertThat(highestIssued.get(1)).isGreaterThan(highestIssued.get(0));
            assertEpochsRiseAtEachRestore(out, highestIssued);
        } finally {
            stop.set(true);
            publisher.shutdownNow();
            publisher.awaitTermination(10, TimeUnit.SECONDS);
        }
    }

    /**
     * Each record belongs to the incarnation whose epochs it is above: incarnation k+1 issued only
     * epochs above the highest epoch incarnation k had issued ({@code highestIssued.get(k)}, read
     * from the savepoint that ended it). Every subject got records in every incarnation.
     */
    private static void assertEpochsRiseAtEachRestore(
            List<SequencedLog.Entry> out, List<Long> highestIssued) {
        Map<String, List<Integer>> incarnations = new HashMap<>();
        for (SequencedLog.Entry e : out) {
            int k = (int) highestIssued.stream().filter(h -> e.position().epoch() > h).count();
            incarnations.computeIfAbsent(e.subject(), s -> new ArrayList<>()).add(k);
        }
        assertThat(incarnations).hasSize(10);
        incarnations.forEach(
                (subject, ks) -> {
                    assertThat(ks).as(subject).isSorted();
                    assertThat(ks)
                            .as(subject)
                            .containsAll(
                                    IntStream.rangeClosed(0, highestIssued.size())
                                            .boxed()
                                            .toList());
                });
    }

    private static int publishUntil(AtomicBoolean stop, String topic, int max)
            throws InterruptedException {
        List<String> keys = keys(10);
        int i = 0;
        try (KafkaProducer<byte[], byte[]> producer = KAFKA.producer()) {
            while (!stop.get() && i < max) {
                producer.send(SequencedLog.record(topic, keys.get(i % keys.size()), i));
                i++;
                Thread.sleep(2);
            }
            producer.flush();
        }
        return i;
    }

    @Test
    void rebuildsLostStateFromTheTopicAndTheRestoredJobContinuesAboveIt(
            @InjectClusterClient ClusterClient<?> flink) throws Exception {
        // Clients published the first run: its message ids are in the de-duplication window.
        FirstRun run = runAndStopWithSavepoint(flink, "rebuild", 4, 40, "alice");
        SequencerConfig config = run.sequencer().config();
        String savepoint = run.savepoint();
        // An earlier incarnation on a machine whose clock ran an hour ahead sequenced one more
        // source record: only the rebuilt union state, not the clock, lifts the next epoch above
        // its epoch.
        long skewed = (Instant.now().getEpochSecond() + 3600) * 1_000_000L;
        writeSkewedIncarnationRecord(config.sequencedTopic(), "/rebuild/k0", skewed);

        // The state is lost.
        FileUtils.deleteDirectory(dir.resolve("checkpoints").toFile());
        FileUtils.deleteDirectory(Path.of(java.net.URI.create(savepoint)).toFile());

        String rebuilt = dir.resolve("rebuilt").toUri().toString();
        String stdout =
                cli(
                        "rebuild",
                        "--bootstrap-servers",
                        KAFKA.bootstrapServers(),
                        "--sequenced-topic",
                        config.sequencedTopic(),
                        "--dead-letter-topic",
                        config.deadLetterTopic(),
                        "--group-id",
                        config.groupId(),
                        "--output",
                        rebuilt);
        assertThat(stdout)
                .contains("read 41 committed records of rebuild.sequenced: 4 subjects")
                .contains("40 publish ids within the de-duplication window")
                .contains("committed source offsets of group rebuild-sequencer");
        try (Admin admin = KAFKA.admin()) {
            Map<TopicPartition, Long> committed = new HashMap<>();
            admin.listConsumerGroupOffsets(config.groupId())
                    .partitionsToOffsetAndMetadata()
                    .get()
                    .forEach((tp, om) -> committed.put(tp, om.offset()));
            // Every source record was processed: the source resumes at the partitions' ends.
            assertThat(committed).isEqualTo(endOffsets("rebuild"));
        }

        List<SequencedLog.Entry> before = SequencedLog.read(KAFKA, config.sequencedTopic());
        Inspection inspection =
                new SavepointInspector(HeraldSavepoints.localEnvironment()).inspect(rebuilt, "");
        Map<String, Position> inspected = new HashMap<>();
        inspection.subjects().forEach(r -> inspected.put(r.subject, r.position()));
        assertThat(inspected).isEqualTo(SequencedLog.lastPositions(before));
        assertThat(inspection.highestIssuedEpoch()).hasValue(skewed);

        RunningJob job = run.sequencer().startFrom(flink, rebuilt);
        SequencedLog.publish(KAFKA, "rebuild", keys(4), 20);
        // Two publishes of the first run resent after the rebuild (a client that never got its
        // ack): the rebuilt window answers them with their original positions.
        try (KafkaProducer<byte[], byte[]> producer = KAFKA.producer()) {
            for (int i = 38; i < 40; i++) {
                producer.send(SequencedLog.record("rebuild", keys(4).get(i % 4), i, "alice"));
            }
        }
        List<SequencedLog.Entry> after =
                SequencedLog.await(KAFKA, config.sequencedTopic(), 63, WAIT);
        job.stopWithSavepoint(dir.resolve("sp"));

        List<SequencedLog.Entry> continued =
                after.stream().filter(e -> !before.contains(e)).toList();
        List<SequencedLog.Entry> resent =
                continued.stream().filter(e -> e.messageId() != null).toList();
        assertThat(resent).hasSize(2);
        for (SequencedLog.Entry e : resent) {
            SequencedLog.Entry original =
                    before.stream()
                            .filter(b -> e.messageId().equals(b.messageId()))
                            .findFirst()
                            .orElseThrow();
            assertThat(e.position()).as("resend of %s", original).isEqualTo(original.position());
            assertThat(e.source()).isEqualTo(original.source());
        }
        List<SequencedLog.Entry> fresh =
                continued.stream().filter(e -> e.messageId() == null).toList();
        assertThat(fresh).hasSize(20);
        fresh.forEach(e -> assertThat(e.position().epoch()).isGreaterThan(skewed));
        Map<String, Position> firstAfter = new HashMap<>();
        fresh.forEach(e -> firstAfter.putIfAbsent(e.subject(), e.position()));
        assertThat(firstAfter.values()).allMatch(p -> p.seq() == 0).hasSize(4);
        assertThat(SequencedLog.read(KAFKA, config.sequencedTopic())).hasSize(63);
    }

    /** Publishes a source record and writes its sequenced record as the job would have. */
    private static void writeSkewedIncarnationRecord(
            String sequencedTopic, String subject, long epoch) throws Exception {
        try (KafkaProducer<byte[], byte[]> producer = KAFKA.producer()) {
            long offset =
                    producer.send(
                                    new ProducerRecord<>(
                                            "rebuild",
                                            0,
                                            "k0".getBytes(StandardCharsets.UTF_8),
                                            "old".getBytes(StandardCharsets.UTF_8)))
                            .get()
                            .offset();
            ProducerRecord<byte[], byte[]> r =
                    new ProducerRecord<>(
                            sequencedTopic,
                            subject.getBytes(StandardCharsets.UTF_8),
                            "old".getBytes(StandardCharsets.UTF_8));
            r.headers()
                    .add(SequencedHeaders.EPOCH, SequencedHeaders.encodeLong(epoch))
                    .add(SequencedHeaders.SEQ, SequencedHeaders.encodeLong(7))
                    .add(
                            SequencedHeaders.SOURCE,
                            SequencedHeaders.encodeString("rebuild:0:" + offset));
            producer.send(r).get();
        }
    }

    private static Map<TopicPartition, Long> endOffsets(String topic) {
        try (KafkaConsumer<byte[], byte[]> consumer = KAFKA.readCommittedConsumer()) {
            List<TopicPartition> partitions = new ArrayList<>();
            consumer.partitionsFor(topic, WAIT)
                    .forEach(p -> partitions.add(new TopicPartition(topic, p.partition())));
            return new HashMap<>(consumer.endOffsets(partitions));
        }
    }
}
