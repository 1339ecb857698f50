package io.herald.bench.scenario;

import io.herald.bench.BenchArgs;
import io.herald.bench.proc.ProcStat;
import io.herald.bench.report.ResultTable;
import java.nio.file.Path;
import java.util.Collection;
import java.util.List;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * The JMH micro-benchmarks of the hot paths ({@code io.herald.bench.jmh}): frame encoding, cache
 * append and lookup, subject parsing, record decoding. One fork each. Options: {@code --include} (a
 * regular expression), {@code --warmup} and {@code --seconds} (iterations of one second).
 */
public final class JmhScenario implements Scenario {
    @Override
    public List<ResultTable> run(BenchArgs args, Path logs) throws Exception {
        Collection<RunResult> results =
                new Runner(
                                new OptionsBuilder()
                                        .include(
                                                args.text(
                                                        "include",
                                                        "io\\.herald\\.bench\\.jmh\\..*"))
                                        .forks(1)
                                        .warmupIterations(args.integer("warmup", 3))
                                        .warmupTime(TimeValue.seconds(1))
                                        .measurementIterations(args.integer("seconds", 5))
                                        .measurementTime(TimeValue.seconds(1))
                                        .jvmArgs("-Xmx1g", "-XX:+UseParallelGC")
                                        .build())
                        .run();
        ResultTable table = new ResultTable("jmh (average time per operation)");
        double load = ProcStat.loadAverage();
        for (RunResult r : results) {
            String params =
                    r.getParams().getParamsKeys().stream()
                            .map(k -> k + "=" + r.getParams().getParam(k))
                            .reduce((a, b) -> a + "," + b)
                            .orElse("");
            table.add(
                    "benchmark", r.getParams().getBenchmark().replace("io.herald.bench.jmh.", ""),
                    "params", params,
                    "score", r.getPrimaryResult().getScore(),
                    "error", r.getPrimaryResult().getScoreError(),
                    "unit", r.getPrimaryResult().getScoreUnit(),
                    "load_avg", load);
        }
        return List.of(table);
    }
}
