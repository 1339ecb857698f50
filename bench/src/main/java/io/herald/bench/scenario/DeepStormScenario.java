package io.herald.bench.scenario;

import io.herald.bench.BenchArgs;
import io.herald.bench.load.GeneratorFleet;
import io.herald.bench.load.GeneratorSpec;
import io.herald.bench.load.PayloadClock;
import io.herald.bench.load.RatePublisher;
import io.herald.bench.proc.ProcStat;
import io.herald.bench.report.ResultTable;
import io.herald.bench.server.HeraldEdge;
import io.herald.bench.server.Publisher;
import java.nio.file.Path;
import java.util.List;
import org.HdrHistogram.Histogram;

/**
 * Live latency for other clients during a storm of deep recoveries (issue 11, must-show 6). The
 * edge caches 100 messages per subject; storm subjects 0 … {@code storm-subjects - 1} hold {@code
 * missed + 1} messages each, so a resume after seq 0 is served from Kafka. {@code live} clients
 * subscribe to subjects of their own ({@code storm-subjects} …) and a publisher writes {@code rate}
 * messages/s over every subject, the storm's included. The live clients' publish → delivery latency
 * is measured over {@code seconds} without a storm, then while {@code storm} clients connect at
 * once, each resuming after seq 0 of a storm subject (no {@code fromTimestamp}: each read starts at
 * its partition's first record, the heaviest case), until every one has reached seq {@code missed}.
 * Options: {@code --storm} (1,000), {@code --storm-subjects} (50), {@code --missed} (2,000), {@code
 * --live} (100), {@code --rate} (1,000), {@code --payload} (100), {@code --warmup} (20), {@code
 * --seconds} (20).
 */
public final class DeepStormScenario implements Scenario {
    @Override
    public List<ResultTable> run(BenchArgs args, Path logs) throws Exception {
        int storm = args.integer("storm", 1000);
        int stormSubjects = args.integer("storm-subjects", 50);
        int missed = args.integer("missed", 2000);
        int live = args.integer("live", 100);
        int rate = args.integer("rate", 1000);
        int payload = args.integer("payload", 100);
        int warmup = args.integer("warmup", 20);
        int seconds = args.integer("seconds", 20);
        int subjects = stormSubjects + live;
        ResultTable table = new ResultTable("live latency during a storm of deep recoveries");
        try (HeraldEdge edge =
                        HeraldEdge.start(
                                logs,
                                List.of(
                                        "--cache-max-messages",
                                        "100",
                                        "--max-deep-recoveries",
                                        Integer.toString(Math.max(64, stormSubjects))));
                Publisher p = edge.publisher()) {
            for (int seq = 0; seq <= missed; seq++) {
                for (int s = 0; s < stormSubjects; s++) {
                    p.publish(s, PayloadClock.stamped(payload));
                }
            }
            p.flush();
            edge.awaitMessagesIn((long) stormSubjects * (missed + 1));
            GeneratorSpec liveSpec =
                    new GeneratorSpec(
                            GeneratorSpec.Protocol.HERALD,
                            edge.port(),
                            stormSubjects,
                            live,
                            subjects,
                            GeneratorSpec.THREADS,
                            0,
                            0,
                            -1);
            try (GeneratorFleet liveFleet = GeneratorFleet.start(liveSpec, live, 10000, logs);
                    RatePublisher pacer = new RatePublisher(p, subjects, rate, payload)) {
                int failed = liveFleet.connect();
                Thread.sleep(warmup * 1000L);
                liveFleet.startWindow();
                long t0 = System.nanoTime();
                Thread.sleep(seconds * 1000L);
                row(table, "no storm", liveFleet.stopWindow(), t0, failed, 0, 0, 0, edge);
                GeneratorSpec stormSpec =
                        GeneratorSpec.resuming(edge.port(), storm, stormSubjects, 1, 0, missed);
                try (GeneratorFleet stormFleet =
                        GeneratorFleet.start(stormSpec, storm, 10000, logs.resolve("storm"))) {
                    double reads0 = edge.edge().metric("herald_edge_deep_recovery_reads_total");
                    liveFleet.startWindow();
                    long t1 = System.nanoTime();
                    GeneratorFleet.Window s = GeneratorFleet.merge(stormFleet.connectResuming());
                    GeneratorFleet.Window w = liveFleet.stopWindow();
                    long reads =
                            (long)
                                    (edge.edge().metric("herald_edge_deep_recovery_reads_total")
                                            - reads0);
                    row(table, "storm", w, t1, failed, storm, s.failed() + s.closed(), reads, edge);
                }
            }
        }
        return List.of(table);
    }

    private static void row(
            ResultTable table,
            String phase,
            GeneratorFleet.Window w,
            long t0,
            int failed,
            int storm,
            int stormLost,
            long reads,
            HeraldEdge edge)
            throws Exception {
        Histogram h = w.latencyMicros();
        table.add(
                "phase",
                phase,
                "window_s",
                (System.nanoTime() - t0) / 1e9,
                "live_deliveries",
                w.delivered(),
                "p50_ms",
                h.getValueAtPercentile(50) / 1e3,
                "p99_ms",
                h.getValueAtPercentile(99) / 1e3,
                "max_ms",
                h.getMaxValue() / 1e3,
                "live_failed_or_closed",
                failed + w.failed() + w.closed(),
                "storm_clients",
                storm,
                "storm_failed_or_closed",
                stormLost,
                "kafka_reads",
                reads,
                "deep_complete_total",
                (long) edge.edge().metric("herald_edge_deep_recoveries_complete_total"),
                "load_avg",
                ProcStat.loadAverage());
    }
}
