package io.herald.job;

import io.herald.testing.EmbeddedKafka;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;

/**
 * A rough sequencer throughput figure (not a test): an in-process KRaft broker, {@code --records}
 * records of {@code --value-bytes} over {@code --subjects} subjects pre-loaded into a 3-partition
 * source topic, then the production job (RocksDB, incremental checkpoints every 1 s, parallelism 2)
 * on a local MiniCluster in this JVM. Prints the steady rate between 10% and 90% of the output
 * (written records, high watermark) and the time until everything is committed (read_committed end
 * offsets). Broker, job and driver share the machine's cores.
 *
 * <p>Run (from the repository root):
 *
 * <pre>
 * ./mvnw -o -q -f job/pom.xml test-compile exec:exec@throughput \
 *     -Dthroughput.args="--records 1000000 --subjects 10000 --delivery exactly-once"
 * </pre>
 */
public final class SequencerThroughput {

    private static final int PARTITIONS = 3;
    private static final com.sun.management.OperatingSystemMXBean PROCESS =
            (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();

    private SequencerThroughput() {}

    public static void main(String[] args) throws Exception {
        Map<String, String> opts = new HashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            opts.put(args[i], args[i + 1]);
        }
        int records = Integer.parseInt(opts.getOrDefault("--records", "1000000"));
        int subjects = Integer.parseInt(opts.getOrDefault("--subjects", "10000"));
        int valueBytes = Integer.parseInt(opts.getOrDefault("--value-bytes", "100"));
        String delivery = opts.getOrDefault("--delivery", "exactly-once");
        String parallelism = opts.getOrDefault("--parallelism", "2");

        try (EmbeddedKafka kafka = EmbeddedKafka.start()) {
            kafka.createTopic("bench", PARTITIONS);
            kafka.createTopic("messages.sequenced", PARTITIONS);
            kafka.createTopic("messages.dead-letter", 1);
            long loadStart = System.nanoTime();
            load(kafka, records, subjects, valueBytes);
            System.out.printf(
                    "loaded %,d records of %d bytes over %,d subjects in %.1f s%n",
                    records, valueBytes, subjects, seconds(System.nanoTime() - loadStart));

            SequencerConfig config =
                    SequencerConfig.parse(
                            "--bootstrap-servers",
                            kafka.bootstrapServers(),
                            "--source-topics",
                            "bench",
                            "--delivery",
                            delivery,
                            "--parallelism",
                            parallelism,
                            "--checkpoint-interval",
                            "1s",
                            "--checkpoint-dir",
                            Files.createTempDirectory("herald-bench").toUri().toString());
            StreamExecutionEnvironment env = SequencerJob.environment(config);
            long start = System.nanoTime();
            JobClient job = env.executeAsync("sequencer-throughput");
            try (Admin admin = kafka.admin()) {
                long t10 = 0;
                long t90 = 0;
                long cpu10 = 0;
                long cpu90 = 0;
                long written = 0;
                while (committed(admin, IsolationLevel.READ_COMMITTED) < records) {
                    written = committed(admin, IsolationLevel.READ_UNCOMMITTED);
                    long now = System.nanoTime();
                    if (t10 == 0 && written >= records / 10) {
                        t10 = now;
                        cpu10 = PROCESS.getProcessCpuTime();
                    }
                    if (t90 == 0 && written >= records * 9L / 10) {
                        t90 = now;
                        cpu90 = PROCESS.getProcessCpuTime();
                    }
                    if (seconds(now - start) > 600) {
                        throw new IllegalStateException("no result after 10 minutes: " + written);
                    }
                    Thread.sleep(20);
                }
                double steady = records * 0.8 / seconds(t90 - t10);
                double cpuMicrosPerRecord = (cpu90 - cpu10) / 1_000.0 / (records * 0.8);
                System.out.printf(
                        "delivery=%s parallelism=%s: steady %,.0f records/s (10%%..90%% of"
                                + " output), %.1f us of CPU per record (broker and job together);"
                                + " all %,d committed %.1f s after submission%n",
                        delivery,
                        parallelism,
                        steady,
                        cpuMicrosPerRecord,
                        records,
                        seconds(System.nanoTime() - start));
            } finally {
                job.cancel().get();
            }
        }
        System.exit(0);
    }

    private static void load(EmbeddedKafka kafka, int records, int subjects, int valueBytes) {
        Random random = new Random(42);
        byte[] value = new byte[valueBytes];
        random.nextBytes(value);
        try (KafkaProducer<byte[], byte[]> producer =
                kafka.producer(
                        Map.of(
                                ProducerConfig.BATCH_SIZE_CONFIG, 131072,
                                ProducerConfig.LINGER_MS_CONFIG, 20))) {
            for (int i = 0; i < records; i++) {
                producer.send(
                        new ProducerRecord<>(
                                "bench",
                                ("subject-" + random.nextInt(subjects))
                                        .getBytes(StandardCharsets.UTF_8),
                                value));
            }
            producer.flush();
        }
    }

    private static long committed(Admin admin, IsolationLevel isolation) throws Exception {
        Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
        for (int p = 0; p < PARTITIONS; p++) {
            latest.put(new TopicPartition("messages.sequenced", p), OffsetSpec.latest());
        }
        // Transaction markers take one offset per partition and commit; for rates they are noise.
        return admin
                .listOffsets(latest, new ListOffsetsOptions(isolation))
                .all()
                .get(30, TimeUnit.SECONDS)
                .values()
                .stream()
                .mapToLong(i -> i.offset())
                .sum();
    }

    private static double seconds(long nanos) {
        return nanos / 1e9;
    }
}
