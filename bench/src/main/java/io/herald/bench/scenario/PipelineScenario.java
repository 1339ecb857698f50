package io.herald.bench.scenario;

import io.herald.bench.BenchArgs;
import io.herald.bench.load.GeneratorFleet;
import io.herald.bench.load.GeneratorSpec;
import io.herald.bench.proc.ProcStat;
import io.herald.bench.report.ResultTable;
import io.herald.bench.server.LocalPipeline;
import java.nio.file.Path;
import java.util.List;

/**
 * The whole pipeline's CPU: the local stack (broker, job, two edges) plus one extra edge with
 * {@code clients} subscribers, idle (connected, nothing published) right after start-up, then with
 * 1,000 messages/s published through one of the stack's edges as clients publish, then idle again:
 * the warm figure (the JIT done), what a deployment sees between bursts. Options: {@code
 * --delivery}, {@code --rate}, {@code --clients}, {@code --idle-seconds}, {@code --warmup}, {@code
 * --seconds}.
 */
public final class PipelineScenario implements Scenario {
    @Override
    public List<ResultTable> run(BenchArgs args, Path logs) throws Exception {
        int clients = args.integer("clients", 100);
        int subjects = args.integer("subjects", 100);
        int idleSeconds = args.integer("idle-seconds", 30);
        String delivery = args.text("delivery", "low-latency");
        DeliveryRun run = DeliveryRun.fromArgs(args, clients, subjects, 100, 1000, 40, 30);
        ResultTable idle = new ResultTable("pipeline idle (cores)");
        ResultTable loaded = new ResultTable("pipeline publishing through an edge");
        try (LocalPipeline p =
                LocalPipeline.start(logs, delivery, LocalPipeline.Via.EDGE, List.of())) {
            GeneratorSpec spec = GeneratorSpec.live(p.protocol(), p.port(), clients, subjects);
            measureIdle(p, spec, delivery, "after start", idleSeconds, idle, logs);
            run.measure(p, loaded, logs);
            measureIdle(p, spec, delivery, "after load", idleSeconds, idle, logs);
        }
        return List.of(idle, loaded);
    }

    /** Connects the subscribers, lets them settle, then measures both processes' CPU. */
    private static void measureIdle(
            LocalPipeline p,
            GeneratorSpec spec,
            String delivery,
            String phase,
            int idleSeconds,
            ResultTable idle,
            Path logs)
            throws Exception {
        try (GeneratorFleet fleet = GeneratorFleet.start(spec, spec.count(), 10000, logs)) {
            fleet.connect();
            Thread.sleep(10_000); // settle after start-up or the loaded run
            long stack0 = ProcStat.cpuNanos(p.stackPid());
            long edge0 = ProcStat.cpuNanos(p.edgePid());
            long t0 = System.nanoTime();
            Thread.sleep(idleSeconds * 1000L);
            double elapsed = (System.nanoTime() - t0) / 1e9;
            idle.add(
                    "delivery",
                    delivery,
                    "phase",
                    phase,
                    "stack_cores",
                    (ProcStat.cpuNanos(p.stackPid()) - stack0) / 1e9 / elapsed,
                    "extra_edge_cores",
                    (ProcStat.cpuNanos(p.edgePid()) - edge0) / 1e9 / elapsed,
                    "seconds",
                    elapsed,
                    "load_avg",
                    ProcStat.loadAverage());
        }
    }
}
