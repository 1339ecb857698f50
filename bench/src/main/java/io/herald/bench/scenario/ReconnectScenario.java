package io.herald.bench.scenario;

import com.fasterxml.jackson.databind.JsonNode;
import io.herald.bench.BenchArgs;
import io.herald.bench.load.GeneratorFleet;
import io.herald.bench.load.GeneratorSpec;
import io.herald.bench.load.Histograms;
import io.herald.bench.load.PayloadClock;
import io.herald.bench.proc.ProcStat;
import io.herald.bench.report.ResultTable;
import io.herald.bench.server.HeraldEdge;
import io.herald.bench.server.Publisher;
import java.nio.file.Path;
import java.util.List;
import org.HdrHistogram.Histogram;

/**
 * A reconnect storm on Herald's edge: every subject holds {@code missed + 1} cached messages (seq 0
 * … missed); then {@code clients} connections open at once (at most 200 handshakes in flight per
 * generator process), each resuming after seq 0 of its subject, and the run measures the time until
 * every one has the last message. Options: {@code --clients} (2,000 by default; the issue asks
 * 10,000), {@code --missed}, {@code --subjects}, {@code --payload}.
 */
public final class ReconnectScenario implements Scenario {
    @Override
    public List<ResultTable> run(BenchArgs args, Path logs) throws Exception {
        int clients = args.integer("clients", 2000);
        int missed = args.integer("missed", 1000);
        int subjects = args.integer("subjects", 100);
        int payload = args.integer("payload", 100);
        ResultTable table = new ResultTable("reconnect storm");
        try (HeraldEdge edge = HeraldEdge.start(logs, List.of())) {
            try (Publisher p = edge.publisher()) {
                for (int seq = 0; seq <= missed; seq++) {
                    for (int s = 0; s < subjects; s++) {
                        p.publish(s, PayloadClock.stamped(payload));
                    }
                }
                p.flush();
            }
            edge.awaitMessagesIn((long) subjects * (missed + 1));
            GeneratorSpec spec =
                    GeneratorSpec.resuming(edge.port(), clients, subjects, 1, 0, missed);
            try (GeneratorFleet fleet = GeneratorFleet.start(spec, clients, 10000, logs)) {
                long cpu0 = ProcStat.cpuNanos(edge.pids());
                double load = ProcStat.loadAverage();
                List<JsonNode> results = fleet.connectResuming();
                long cpu = ProcStat.cpuNanos(edge.pids()) - cpu0;
                Histogram perClient = new Histogram(3);
                long allMillis = 0;
                long resumed = 0;
                long replayed = 0;
                for (JsonNode r : results) {
                    perClient.add(Histograms.decode(r.get("resumeMillis").asText()));
                    allMillis = Math.max(allMillis, r.get("allResumedMillis").asLong());
                    resumed += r.get("resumed").asLong();
                    replayed += r.get("replayed").asLong();
                }
                GeneratorFleet.Window w = GeneratorFleet.merge(results);
                table.add(
                        "clients",
                        clients,
                        "missed_each",
                        missed,
                        "subjects",
                        subjects,
                        "resumed",
                        resumed,
                        "failed",
                        w.failed(),
                        "closed",
                        w.closed(),
                        "all_resumed_s",
                        allMillis / 1e3,
                        "client_p50_ms",
                        (double) perClient.getValueAtPercentile(50),
                        "client_p99_ms",
                        (double) perClient.getValueAtPercentile(99),
                        "replayed_per_s",
                        replayed / (allMillis / 1e3),
                        "edge_us_per_replayed",
                        cpu / 1e3 / replayed,
                        "generator_processes",
                        fleet.processes(),
                        "load_avg",
                        load);
            }
        }
        return List.of(table);
    }
}
