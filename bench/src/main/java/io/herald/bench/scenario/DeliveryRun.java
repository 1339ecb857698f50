package io.herald.bench.scenario;

import io.herald.bench.BenchArgs;
import io.herald.bench.load.GeneratorFleet;
import io.herald.bench.load.GeneratorSpec;
import io.herald.bench.load.RatePublisher;
import io.herald.bench.proc.ProcStat;
import io.herald.bench.report.ResultTable;
import io.herald.bench.server.Publisher;
import io.herald.bench.server.Server;
import java.nio.file.Path;
import org.HdrHistogram.Histogram;

/**
 * The measurement shared by the live-delivery scenarios: {@code clients} connections spread over
 * {@code subjects}, a publisher at {@code rate} messages/s of {@code payload} bytes, a warm-up
 * (JIT, connection set-up), then a window in which deliveries, latency (publish → client) and the
 * CPU time of the server's processes and of the generator's are measured.
 *
 * @param clients connections
 * @param subjects subjects (channels); connection i is on subject i % subjects
 * @param payload content bytes
 * @param rate messages per second over all subjects
 * @param warmupSeconds publishing before the window
 * @param seconds the window
 * @param perProcess connections per generator process at most
 */
record DeliveryRun(
        int clients,
        int subjects,
        int payload,
        int rate,
        int warmupSeconds,
        int seconds,
        int perProcess) {

    /**
     * A run with these defaults, each overridden by its option: {@code --clients}, {@code
     * --subjects}, {@code --payload}, {@code --rate}, {@code --warmup}, {@code --seconds}, {@code
     * --per-process} (10,000).
     */
    static DeliveryRun fromArgs(
            BenchArgs args,
            int clients,
            int subjects,
            int payload,
            int rate,
            int warmup,
            int seconds) {
        return new DeliveryRun(
                args.integer("clients", clients),
                args.integer("subjects", subjects),
                args.integer("payload", payload),
                args.integer("rate", rate),
                args.integer("warmup", warmup),
                args.integer("seconds", seconds),
                args.integer("per-process", 10000));
    }

    /**
     * Runs against {@code server} and adds one row to {@code table}; returns the row's CPU figure.
     */
    double measure(Server server, ResultTable table, Path logs) throws Exception {
        GeneratorSpec spec =
                GeneratorSpec.live(server.protocol(), server.port(), clients, subjects);
        try (GeneratorFleet fleet = GeneratorFleet.start(spec, clients, perProcess, logs)) {
            int failed = fleet.connect();
            try (Publisher publisher = server.publisher();
                    RatePublisher pacer = new RatePublisher(publisher, subjects, rate, payload)) {
                Thread.sleep(warmupSeconds * 1000L);
                double load = ProcStat.loadAverage();
                long serverCpu0 = ProcStat.cpuNanos(server.pids());
                long genCpu0 = fleet.cpuNanos();
                long published0 = pacer.published();
                long t0 = System.nanoTime();
                fleet.startWindow();
                Thread.sleep(seconds * 1000L);
                GeneratorFleet.Window w = fleet.stopWindow();
                long t1 = System.nanoTime();
                long serverCpu = ProcStat.cpuNanos(server.pids()) - serverCpu0;
                long genCpu = fleet.cpuNanos() - genCpu0;
                double elapsed = (t1 - t0) / 1e9;
                double perDelivery =
                        w.delivered() == 0 ? Double.NaN : serverCpu / 1e3 / w.delivered();
                Histogram h = w.latencyMicros();
                table.add(
                        "server",
                        server.name(),
                        "clients",
                        clients,
                        "subjects",
                        subjects,
                        "payload_B",
                        payload,
                        "msgs_per_s",
                        (pacer.published() - published0) / elapsed,
                        "deliveries_per_s",
                        w.delivered() / elapsed,
                        "server_us_per_delivery",
                        perDelivery,
                        "server_cores",
                        serverCpu / 1e9 / elapsed,
                        "generator_cores",
                        genCpu / 1e9 / elapsed,
                        "p50_ms",
                        h.getValueAtPercentile(50) / 1e3,
                        "p99_ms",
                        h.getValueAtPercentile(99) / 1e3,
                        "p999_ms",
                        h.getValueAtPercentile(99.9) / 1e3,
                        "max_ms",
                        h.getMaxValue() / 1e3,
                        "failed",
                        failed + w.failed(),
                        "closed",
                        w.closed(),
                        "acked",
                        publisher.acked() < 0 ? null : publisher.acked(),
                        "refused",
                        publisher.refused(),
                        "generator_processes",
                        fleet.processes(),
                        "load_avg",
                        load);
                return perDelivery;
            }
        }
    }
}
