package io.herald.savepoints;

import static org.assertj.core.api.Assertions.assertThat;

import io.herald.job.RunningJob;
import io.herald.job.SequencerConfig;
import io.herald.job.TestSequencer;
import io.herald.testing.EmbeddedKafka;
import io.herald.wire.Position;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Stream;
import org.apache.flink.client.program.ClusterClient;
import org.apache.flink.test.junit5.InjectClusterClient;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.flink.util.FileUtils;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * State compatibility, in the style of Flink's own migration tests ({@code
 * SnapshotMigrationTestBase}): a savepoint that the job wrote is committed under {@code
 * src/test/resources/fixtures/sequencer-v1/}, with {@code fixture.properties} saying what it holds.
 * {@link #restoresTheCommittedFixture} always runs: a change to the job's uids, state names, state
 * types or serializers that can no longer restore it fails the build. {@link #writesTheFixture}
 * runs only on purpose, to make a new fixture (docs/operations.md, "State compatibility"):
 *
 * <pre>
 * ./mvnw -B -o -pl savepoints verify -Dtest=NONE \
 *     -Dsurefire.failIfNoSpecifiedTests=false -Dit.test='StateFixtureIT#writesTheFixture' \
 *     -Dherald.fixture.write=true
 * </pre>
 */
class StateFixtureIT {

    static final String FIXTURE = "fixtures/sequencer-v1";
    private static final String TOPIC = "fixture";
    private static final int PARTITIONS = 2;
    private static final List<String> KEYS = List.of("a", "b", "c", "d", "e");
    private static final Duration WAIT = Duration.ofSeconds(60);

    @RegisterExtension static final MiniClusterExtension FLINK = TestSequencer.miniCluster(4);

    @RegisterExtension
    static final EmbeddedKafka KAFKA =
            EmbeddedKafka.perClass()
                    .withTopic(TOPIC, PARTITIONS)
                    .withTopic(TOPIC + ".sequenced", PARTITIONS)
                    .withTopic(TOPIC + ".dead-letter", 1);

    @TempDir Path dir;

    private TestSequencer sequencer() {
        return SequencerRun.sequencer(KAFKA, TOPIC, dir.resolve("checkpoints"), 2);
    }

    @Test
    void restoresTheCommittedFixture(@InjectClusterClient ClusterClient<?> flink) throws Exception {
        Properties manifest = manifest();
        Path savepoint = copyFixture(dir.resolve("fixture"));
        Map<String, Position> positions = positions(manifest);
        long highestIssued = Long.parseLong(manifest.getProperty("highest.issued.epoch"));

        // The current reader reads it: same uid, state names and serializers.
        Inspection inspection =
                new SavepointInspector(HeraldSavepoints.localEnvironment())
                        .inspect(savepoint.toUri().toString(), "");
        Map<String, Position> inspected = new HashMap<>();
        inspection.subjects().forEach(r -> inspected.put(r.subject, r.position()));
        assertThat(inspected).isEqualTo(positions);
        assertThat(inspection.highestIssuedEpoch()).hasValue(highestIssued);

        // The source offsets in the fixture point past the records the generator's job had
        // read: put as many in this broker's partitions, which the restored job must not read.
        try (KafkaProducer<byte[], byte[]> producer = KAFKA.producer()) {
            for (int p = 0; p < PARTITIONS; p++) {
                int processed = Integer.parseInt(manifest.getProperty("source.records." + p));
                for (int i = 0; i < processed; i++) {
                    producer.send(
                            new ProducerRecord<>(
                                    TOPIC, p, null, "old".getBytes(StandardCharsets.UTF_8)));
                }
            }
        }

        // The current job restores it with no state left unmapped, and continues every subject.
        TestSequencer sequencer = sequencer();
        SequencerConfig config = sequencer.config();
        RunningJob job = sequencer.startFrom(flink, savepoint.toUri().toString());
        SequencedLog.publish(KAFKA, TOPIC, KEYS, 20);
        List<SequencedLog.Entry> out = SequencedLog.await(KAFKA, config.sequencedTopic(), 20, WAIT);
        job.close();

        SequencedLog.assertOrderedExactlyOnce(
                SequencedLog.read(KAFKA, config.sequencedTopic()), 20);
        assertThat(out).allMatch(e -> e.position().epoch() > highestIssued);
        assertThat(SequencedLog.lastPositions(out)).containsOnlyKeys(positions.keySet());
    }

    @Test
    @EnabledIfSystemProperty(named = "herald.fixture.write", matches = "true")
    void writesTheFixture(@InjectClusterClient ClusterClient<?> flink) throws Exception {
        TestSequencer sequencer = sequencer();
        SequencerConfig config = sequencer.config();
        RunningJob job = sequencer.start(flink);
        SequencedLog.publish(KAFKA, TOPIC, KEYS, 30);
        List<SequencedLog.Entry> out = SequencedLog.await(KAFKA, config.sequencedTopic(), 30, WAIT);
        String savepoint = job.stopWithSavepoint(dir.resolve("sp"));
        Inspection inspection =
                new SavepointInspector(HeraldSavepoints.localEnvironment()).inspect(savepoint, "");

        Path target =
                Path.of(System.getProperty("basedir", "."))
                        .resolve("src/test/resources")
                        .resolve(FIXTURE);
        FileUtils.deleteDirectory(target.toFile());
        copyTree(Path.of(URI.create(savepoint)), target.resolve("savepoint"));

        Properties manifest = new Properties();
        manifest.setProperty(
                "flink.version", org.apache.flink.runtime.util.EnvironmentInformation.getVersion());
        manifest.setProperty("source.topic", TOPIC);
        Map<Integer, Long> perPartition = new HashMap<>();
        out.forEach(
                e -> {
                    int p = Integer.parseInt(e.source().split(":")[1]);
                    perPartition.merge(p, 1L, Long::sum);
                });
        for (int p = 0; p < PARTITIONS; p++) {
            manifest.setProperty(
                    "source.records." + p, Long.toString(perPartition.getOrDefault(p, 0L)));
        }
        SequencedLog.lastPositions(out)
                .forEach(
                        (subject, pos) ->
                                manifest.setProperty(
                                        "position." + subject, pos.epoch() + "," + pos.seq()));
        manifest.setProperty(
                "highest.issued.epoch",
                Long.toString(inspection.highestIssuedEpoch().orElseThrow()));
        try (OutputStream os = Files.newOutputStream(target.resolve("fixture.properties"))) {
            manifest.store(
                    os,
                    "Written by StateFixtureIT#writesTheFixture: what the savepoint beside holds");
        }
    }

    static Properties manifest() throws Exception {
        Properties p = new Properties();
        try (InputStream in =
                StateFixtureIT.class
                        .getClassLoader()
                        .getResourceAsStream(FIXTURE + "/fixture.properties")) {
            assertThat(in).as("committed fixture " + FIXTURE).isNotNull();
            p.load(in);
        }
        return p;
    }

    static Map<String, Position> positions(Properties manifest) {
        Map<String, Position> positions = new HashMap<>();
        manifest.stringPropertyNames().stream()
                .filter(k -> k.startsWith("position."))
                .forEach(
                        k -> {
                            String[] v = manifest.getProperty(k).split(",");
                            positions.put(
                                    k.substring("position.".length()),
                                    new Position(Long.parseLong(v[0]), Long.parseLong(v[1])));
                        });
        return positions;
    }

    /** Copies the fixture out of the classpath, so that no run can change the committed one. */
    private static Path copyFixture(Path target) throws Exception {
        URL url = StateFixtureIT.class.getClassLoader().getResource(FIXTURE + "/savepoint");
        assertThat(url).as("committed fixture savepoint").isNotNull();
        copyTree(Path.of(url.toURI()), target);
        return target;
    }

    private static void copyTree(Path from, Path to) throws Exception {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path f : (Iterable<Path>) files::iterator) {
                Path t = to.resolve(from.relativize(f).toString());
                if (Files.isDirectory(f)) {
                    Files.createDirectories(t);
                } else {
                    Files.copy(f, t, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
    }
}
