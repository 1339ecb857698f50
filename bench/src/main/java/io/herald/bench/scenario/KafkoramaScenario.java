package io.herald.bench.scenario;

import io.herald.bench.BenchArgs;
import io.herald.bench.report.ResultTable;
import io.herald.bench.server.Server;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The Kafkorama shape: N clients over 1,000 subjects, 512-byte contents, each subject one message
 * per second (so N deliveries per second), for each N of the sweep and each server. Options: {@code
 * --clients} (the sweep, e.g. {@code 2000,5000,10000,19000}), {@code --servers}, {@code
 * --subjects}, {@code --warmup}, {@code --seconds}, {@code --per-process}.
 */
public final class KafkoramaScenario implements Scenario {
    @Override
    public List<ResultTable> run(BenchArgs args, Path logs) throws Exception {
        int subjects = args.integer("subjects", 1000);
        ResultTable table = new ResultTable("kafkorama");
        ResultTable vs =
                new ResultTable("kafkorama: server CPU per delivery, Herald against peers");
        for (int clients : args.integers("clients", "2000")) {
            DeliveryRun run =
                    new DeliveryRun(
                            clients,
                            subjects,
                            args.integer("payload", 512),
                            subjects,
                            args.integer("warmup", 20),
                            args.integer("seconds", 30),
                            args.integer("per-process", 10000));
            Map<String, Double> us = new HashMap<>();
            for (String name : args.list("servers", "herald,nchan,netty")) {
                Path dir = logs.resolve(name + "-" + clients);
                try (Server server = Servers.start(name, dir)) {
                    us.put(name, run.measure(server, table, dir));
                }
            }
            Comparison.add(vs, clients + " clients", us);
        }
        return List.of(table, vs);
    }
}
