package io.herald.bench.scenario;

import io.herald.bench.BenchArgs;
import io.herald.bench.load.PayloadClock;
import io.herald.bench.proc.ProcStat;
import io.herald.bench.report.ResultTable;
import io.herald.bench.server.LocalPipeline;
import io.herald.bench.server.SourceTopicPublisher;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;

/**
 * The sequencer's throughput, in each delivery mode: {@code records} records of {@code payload}
 * bytes over {@code subjects} subjects are written to the source topic as fast as a batching
 * producer can, while the job (on the local stack's MiniCluster, RocksDB state) sequences them; the
 * committed end of the sequenced topic is sampled twice a second and the rate is taken between 10 %
 * and 90 % of the records (the steady part). The stack's edges read the sequenced topic too and
 * share the cores. Options: {@code --delivery}, {@code --records}, {@code --subjects}, {@code
 * --payload}.
 */
public final class SequencerScenario implements Scenario {
    private static final String SEQUENCED = "messages.sequenced";

    @Override
    public List<ResultTable> run(BenchArgs args, Path logs) throws Exception {
        int records = args.integer("records", 1_000_000);
        int subjects = args.integer("subjects", 1000);
        int payload = args.integer("payload", 100);
        ResultTable table = new ResultTable("sequencer");
        for (String delivery : args.list("delivery", "exactly-once,low-latency")) {
            Path dir = logs.resolve(delivery);
            try (LocalPipeline p =
                            LocalPipeline.start(dir, delivery, LocalPipeline.Via.KAFKA, List.of());
                    Admin admin =
                            Admin.create(
                                    Map.of(
                                            AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                                            p.bootstrap()))) {
                double load = ProcStat.loadAverage();
                long stackCpu0 = ProcStat.cpuNanos(p.stackPid());
                long start = System.nanoTime();
                long produced;
                try (SourceTopicPublisher publisher =
                        new SourceTopicPublisher(
                                p.bootstrap(),
                                Map.of(
                                        ProducerConfig.BATCH_SIZE_CONFIG, 131072,
                                        ProducerConfig.LINGER_MS_CONFIG, 20))) {
                    for (int i = 0; i < records; i++) {
                        publisher.publish(i % subjects, PayloadClock.stamped(payload));
                    }
                    publisher.flush();
                    produced = System.nanoTime();
                }
                long at10 = 0;
                long at90 = 0;
                long deadline = System.nanoTime() + 600_000_000_000L;
                while (at90 == 0 && System.nanoTime() < deadline) {
                    long n = sequenced(admin);
                    long now = System.nanoTime();
                    if (at10 == 0 && n >= records / 10) {
                        at10 = now;
                    }
                    if (n >= records * 9L / 10) {
                        at90 = now;
                    }
                    Thread.sleep(500);
                }
                double seconds = (at90 - at10) / 1e9;
                table.add(
                        "delivery", delivery,
                        "records", records,
                        "subjects", subjects,
                        "payload_B", payload,
                        "produce_per_s", records / ((produced - start) / 1e9),
                        "sequenced_per_s", at90 == 0 ? null : records * 0.8 / seconds,
                        "stack_cores",
                                (ProcStat.cpuNanos(p.stackPid()) - stackCpu0)
                                        / 1e9
                                        / ((System.nanoTime() - start) / 1e9),
                        "load_avg", load);
            }
        }
        return List.of(table);
    }

    /** Records in the sequenced topic that a read_committed consumer can see. */
    private static long sequenced(Admin admin) throws Exception {
        List<TopicPartition> partitions =
                admin
                        .describeTopics(List.of(SEQUENCED))
                        .allTopicNames()
                        .get()
                        .get(SEQUENCED)
                        .partitions()
                        .stream()
                        .map(i -> new TopicPartition(SEQUENCED, i.partition()))
                        .toList();
        return admin
                .listOffsets(
                        partitions.stream()
                                .collect(Collectors.toMap(tp -> tp, tp -> OffsetSpec.latest())),
                        new ListOffsetsOptions(IsolationLevel.READ_COMMITTED))
                .all()
                .get()
                .values()
                .stream()
                .mapToLong(i -> i.offset())
                .sum();
    }
}
