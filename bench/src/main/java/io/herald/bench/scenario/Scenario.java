package io.herald.bench.scenario;

import io.herald.bench.BenchArgs;
import io.herald.bench.report.ResultTable;
import java.nio.file.Path;
import java.util.List;

/** One benchmark scenario of {@code bench/run}: runs, and returns its tables. */
public interface Scenario {

    /**
     * @param args the scenario's options
     * @param logs a folder for the child processes' logs
     */
    List<ResultTable> run(BenchArgs args, Path logs) throws Exception;
}
