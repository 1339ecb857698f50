package io.herald.bench.scenario;

import io.herald.bench.BenchArgs;
import io.herald.bench.report.ResultTable;
import io.herald.bench.server.LocalPipeline;
import java.nio.file.Path;
import java.util.List;

/**
 * End-to-end latency, publish → delivery, through the whole pipeline (Kafka → job → Kafka → edge →
 * client) at 10,000 messages/s: a Kafka producer writes the source topic, {@code clients}
 * subscribers on the extra edge over {@code subjects} subjects. Options: {@code --delivery}
 * (comma-separated modes, {@code low-latency} by default), {@code --rate}, {@code --clients},
 * {@code --subjects}, {@code --payload}, {@code --warmup}, {@code --seconds}.
 */
public final class LatencyScenario implements Scenario {
    @Override
    public List<ResultTable> run(BenchArgs args, Path logs) throws Exception {
        DeliveryRun run = DeliveryRun.fromArgs(args, 100, 100, 100, 10000, 40, 30);
        ResultTable table = new ResultTable("end-to-end latency (server = the whole pipeline)");
        for (String delivery : args.list("delivery", "low-latency")) {
            Path dir = logs.resolve(delivery);
            try (LocalPipeline p =
                    LocalPipeline.start(dir, delivery, LocalPipeline.Via.KAFKA, List.of())) {
                run.measure(p, table, dir);
            }
        }
        return List.of(table);
    }
}
