package io.herald.bench;

import io.herald.bench.proc.ProcStat;
import io.herald.bench.report.ResultTable;
import io.herald.bench.report.ResultsFile;
import io.herald.bench.scenario.DeepStormScenario;
import io.herald.bench.scenario.FanoutScenario;
import io.herald.bench.scenario.IdleScenario;
import io.herald.bench.scenario.JmhScenario;
import io.herald.bench.scenario.KafkoramaScenario;
import io.herald.bench.scenario.LatencyScenario;
import io.herald.bench.scenario.PipelineScenario;
import io.herald.bench.scenario.PublishScenario;
import io.herald.bench.scenario.ReconnectScenario;
import io.herald.bench.scenario.Scenario;
import io.herald.bench.scenario.SequencerScenario;
import io.herald.bench.scenario.TransactionsScenario;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Supplier;

/**
 * The entry point of {@code bench/run <scenario> [--option value]...}: runs one scenario, prints
 * its tables and writes them as JSON under {@code bench/results/}. Never part of the build's
 * pass/fail.
 */
public final class Bench {
    private static final Map<String, Supplier<Scenario>> SCENARIOS = new TreeMap<>();

    static {
        SCENARIOS.put("fanout", FanoutScenario::new);
        SCENARIOS.put("kafkorama", KafkoramaScenario::new);
        SCENARIOS.put("idle", IdleScenario::new);
        SCENARIOS.put("reconnect", ReconnectScenario::new);
        SCENARIOS.put("deep-storm", DeepStormScenario::new);
        SCENARIOS.put("latency", LatencyScenario::new);
        SCENARIOS.put("pipeline", PipelineScenario::new);
        SCENARIOS.put("publish", PublishScenario::new);
        SCENARIOS.put("sequencer", SequencerScenario::new);
        SCENARIOS.put("transactions", TransactionsScenario::new);
        SCENARIOS.put("jmh", JmhScenario::new);
    }

    private Bench() {}

    public static void main(String[] args) throws Exception {
        if (args.length == 0 || !SCENARIOS.containsKey(args[0])) {
            System.err.println(
                    "usage: bench/run <"
                            + String.join("|", SCENARIOS.keySet())
                            + "> [--option value]...");
            System.exit(2);
        }
        String name = args[0];
        BenchArgs options = new BenchArgs(Arrays.copyOfRange(args, 1, args.length));
        Instant started = Instant.now();
        double load = ProcStat.loadAverage();
        Path results = Path.of("bench", "results");
        // The children's logs hold this machine's paths: build output, not results.
        Path logs =
                Path.of("bench", "target", "logs").resolve(name + "-" + started.getEpochSecond());
        List<ResultTable> tables = SCENARIOS.get(name).get().run(options, logs);
        for (ResultTable t : tables) {
            System.out.println();
            System.out.print(t.format());
        }
        Path file =
                ResultsFile.write(
                        results,
                        name,
                        "bench/run " + String.join(" ", args),
                        started,
                        load,
                        tables);
        System.out.printf(
                "%nload average %.2f before, %.2f after; written to %s%n",
                load, ProcStat.loadAverage(), file);
        System.exit(0);
    }
}
