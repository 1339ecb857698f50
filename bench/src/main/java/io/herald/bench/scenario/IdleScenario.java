package io.herald.bench.scenario;

import io.herald.bench.BenchArgs;
import io.herald.bench.load.GeneratorFleet;
import io.herald.bench.load.GeneratorSpec;
import io.herald.bench.proc.ClassHistogram;
import io.herald.bench.proc.ProcStat;
import io.herald.bench.report.ResultTable;
import io.herald.bench.server.HeraldEdge;
import io.herald.bench.server.Server;
import java.nio.file.Path;
import java.util.List;

/**
 * Idle connections: memory per connection with N subscribed, silent connections (one subject per
 * connection over 1,000 subjects). For every server the resident memory (RSS of its processes)
 * before and after, divided by N; for Herald's edge also the heap in use after a full GC, and a
 * second table of the classes that hold it (the growth of the edge's class histogram, per
 * connection). Options: {@code --clients}, {@code --subjects}, {@code --servers}.
 */
public final class IdleScenario implements Scenario {
    @Override
    public List<ResultTable> run(BenchArgs args, Path logs) throws Exception {
        int n = args.integer("clients", 10000);
        int subjects = args.integer("subjects", 1000);
        ResultTable table = new ResultTable("idle connections");
        ResultTable byClass =
                new ResultTable("idle connections: the edge's heap per connection by class");
        for (String name : args.list("servers", "herald,nchan,netty")) {
            Path dir = logs.resolve(name);
            try (Server server = Servers.start(name, dir)) {
                long heap0 = server instanceof HeraldEdge e ? e.edge().heapUsedAfterGc() : -1;
                ClassHistogram classes0 =
                        server instanceof HeraldEdge e ? ClassHistogram.of(e.edge().pid()) : null;
                long rss0 = ProcStat.rssBytes(server.pids());
                GeneratorSpec spec =
                        GeneratorSpec.live(server.protocol(), server.port(), n, subjects);
                try (GeneratorFleet fleet = GeneratorFleet.start(spec, n, 10000, dir)) {
                    int failed = fleet.connect();
                    long heap1 = server instanceof HeraldEdge e ? e.edge().heapUsedAfterGc() : -1;
                    long rss1 = ProcStat.rssBytes(server.pids());
                    table.add(
                            "server",
                            name,
                            "connections",
                            n,
                            "failed",
                            failed,
                            "heap_bytes_per_connection",
                            heap0 < 0 ? null : (double) (heap1 - heap0) / n,
                            "rss_bytes_per_connection",
                            (double) (rss1 - rss0) / n,
                            "rss_before_MB",
                            rss0 / 1e6,
                            "rss_after_MB",
                            rss1 / 1e6,
                            "load_avg",
                            ProcStat.loadAverage());
                    if (classes0 != null) {
                        ClassHistogram classes1 =
                                ClassHistogram.of(((HeraldEdge) server).edge().pid());
                        List<ClassHistogram.Entry> grown =
                                classes1.growthSince(classes0).stream()
                                        .filter(c -> c.bytes() > 0)
                                        .limit(25)
                                        .toList();
                        for (ClassHistogram.Entry c : grown) {
                            byClass.add(
                                    "class",
                                    c.className(),
                                    "instances_per_connection",
                                    (double) c.instances() / n,
                                    "bytes_per_connection",
                                    (double) c.bytes() / n);
                        }
                    }
                }
            }
        }
        return byClass.rows().isEmpty() ? List.of(table) : List.of(table, byClass);
    }
}
