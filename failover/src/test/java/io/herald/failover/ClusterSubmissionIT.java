package io.herald.failover;

import static org.assertj.core.api.Assertions.assertThat;

import io.herald.failover.flink.FlinkCluster;
import io.herald.failover.flink.FlinkClusterConfig;
import io.herald.failover.kafka.KafkaCluster;
import io.herald.failover.process.BuildArtifacts;
import io.herald.failover.process.ChildLogging;
import io.herald.failover.process.ProcessSupervisor;
import io.herald.testing.FreePorts;
import io.herald.testing.Poll;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The submission docs/deploy.md gives users, run exactly as written (the lines between its {@code
 * <!-- submit-command -->} markers, in bash, from the repository's root) against a standalone
 * cluster of separate processes: three KRaft brokers, a Flink JobManager and a TaskManager. {@code
 * flink} is Flink's {@code CliFrontend}, as the distribution's {@code bin/flink} runs it. The job
 * must then run and sequence a record.
 */
class ClusterSubmissionIT {

    private static final Pattern COMMANDS =
            Pattern.compile(
                    "<!-- submit-command -->\\n```bash\\n(.*?)```\\n<!-- /submit-command -->",
                    Pattern.DOTALL);
    private static final Pattern JOB_ID =
            Pattern.compile("Job has been submitted with JobID ([0-9a-f]{32})");

    @TempDir Path scratch;

    @Test
    void theDocumentedCommandsStartTheJobOnAStandaloneCluster() throws Exception {
        Path root = Path.of("..").toAbsolutePath().normalize();
        Matcher documented = COMMANDS.matcher(Files.readString(root.resolve("docs/deploy.md")));
        assertThat(documented.find()).as("docs/deploy.md has the submit-command block").isTrue();
        String commands = documented.group(1);

        BuildArtifacts artifacts = BuildArtifacts.fromBuild();
        Path logs = Path.of(System.getProperty(BuildArtifacts.DIR_PROPERTY), "submission-logs");
        try (ProcessSupervisor supervisor = new ProcessSupervisor(scratch.resolve("run"), logs)) {
            ChildLogging logging = ChildLogging.writeTo(supervisor.scratch("conf"));
            KafkaCluster kafka =
                    KafkaCluster.start(
                            supervisor,
                            artifacts.clusterClasspath(),
                            logging,
                            IntStream.range(0, 6).mapToObj(i -> FreePorts.next()).toList());
            int restPort = FreePorts.next();
            FlinkCluster flink =
                    FlinkCluster.start(
                            supervisor,
                            artifacts.clusterClasspath(),
                            logging,
                            new FlinkClusterConfig(
                                    restPort,
                                    FreePorts.next(),
                                    FreePorts.next(),
                                    2,
                                    supervisor.scratch("flink")),
                            1);

            Map<String, String> env = new HashMap<>();
            env.put("KAFKA", kafka.bootstrapServers());
            env.put("FLINK_REST", "127.0.0.1:" + restPort);
            env.put("PATH", flinkCli(artifacts) + ":" + System.getenv("PATH"));
            String output = bash(root, commands, env, logs.resolve("submission.log"));

            Matcher jobId = JOB_ID.matcher(output);
            assertThat(jobId.find()).as("flink run printed the job id:\n%s", output).isTrue();
            flink.rest().awaitRunning(jobId.group(1), Duration.ofSeconds(90));
            assertThat(output)
                    .contains("created messages.sequenced partitions=6 replication-factor=3");

            try (KafkaProducer<byte[], byte[]> producer = kafka.producer(Map.of())) {
                producer.send(record("demo", "room-1", "hello")).get(30, TimeUnit.SECONDS);
            }
            ConsumerRecord<byte[], byte[]> sequenced =
                    firstRecord(kafka.bootstrapServers(), "messages.sequenced");
            assertThat(new String(sequenced.key(), StandardCharsets.UTF_8))
                    .isEqualTo("/demo/room-1");
            assertThat(new String(sequenced.value(), StandardCharsets.UTF_8)).isEqualTo("hello");
            assertThat(sequenced.headers().lastHeader("epoch")).isNotNull();
            flink.close();
            kafka.close();
        }
    }

    /**
     * A folder with {@code flink}: Flink's CLI on the cluster's classpath, as bin/flink runs it.
     */
    private Path flinkCli(BuildArtifacts artifacts) throws Exception {
        Path conf = Files.createDirectories(scratch.resolve("cli-conf"));
        Files.writeString(conf.resolve("config.yaml"), "");
        Path bin = Files.createDirectories(scratch.resolve("bin"));
        Path flink = bin.resolve("flink");
        Files.writeString(
                flink,
                "#!/usr/bin/env bash\n"
                        + "export FLINK_CONF_DIR='"
                        + conf
                        + "'\n"
                        + "exec '"
                        + Path.of(System.getProperty("java.home"), "bin", "java")
                        + "' -Xmx512m"
                        + " --add-opens=java.base/java.lang=ALL-UNNAMED"
                        + " --add-opens=java.base/java.util=ALL-UNNAMED"
                        + " --add-opens=java.base/java.lang.reflect=ALL-UNNAMED"
                        + " --add-opens=java.base/java.io=ALL-UNNAMED"
                        + " --add-opens=java.base/java.net=ALL-UNNAMED"
                        + " --add-opens=java.base/java.nio=ALL-UNNAMED"
                        + " --add-opens=java.base/sun.nio.ch=ALL-UNNAMED"
                        + " --add-opens=java.base/java.util.concurrent=ALL-UNNAMED"
                        + " -cp '"
                        + artifacts.clusterClasspath()
                        + "' org.apache.flink.client.cli.CliFrontend \"$@\"\n");
        Files.setPosixFilePermissions(flink, PosixFilePermissions.fromString("rwxr-xr-x"));
        return bin;
    }

    /** Runs {@code commands} with bash -e in {@code dir}; returns the output, fails on non-zero. */
    private static String bash(Path dir, String commands, Map<String, String> env, Path log)
            throws Exception {
        ProcessBuilder builder =
                new ProcessBuilder("bash", "-euo", "pipefail", "-c", commands)
                        .directory(dir.toFile())
                        .redirectErrorStream(true)
                        .redirectOutput(log.toFile());
        builder.environment().putAll(env);
        Process p = builder.start();
        if (!p.waitFor(180, TimeUnit.SECONDS)) {
            p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            throw new AssertionError("the documented commands did not finish within 180 s");
        }
        String output = Files.readString(log);
        assertThat(p.exitValue())
                .as("the documented commands' status; output:\n%s", output)
                .isZero();
        return output;
    }

    private static ProducerRecord<byte[], byte[]> record(String topic, String key, String value) {
        return new ProducerRecord<>(
                topic,
                key.getBytes(StandardCharsets.UTF_8),
                value.getBytes(StandardCharsets.UTF_8));
    }

    private static ConsumerRecord<byte[], byte[]> firstRecord(String bootstrap, String topic) {
        Map<String, Object> props = new HashMap<>();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        try (KafkaConsumer<byte[], byte[]> consumer =
                new KafkaConsumer<>(
                        props, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = new ArrayList<>();
            consumer.partitionsFor(topic, Duration.ofSeconds(30))
                    .forEach(p -> partitions.add(new TopicPartition(topic, p.partition())));
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            List<ConsumerRecord<byte[], byte[]>> got = new ArrayList<>();
            Poll.until(
                    "a record on " + topic,
                    Duration.ofSeconds(60),
                    () -> {
                        consumer.poll(Duration.ofMillis(200)).forEach(got::add);
                        return !got.isEmpty();
                    });
            return got.get(0);
        }
    }
}
