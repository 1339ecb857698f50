package io.herald.bench.scenario;

import io.herald.bench.BenchArgs;
import io.herald.bench.report.ResultTable;
import io.herald.bench.server.Server;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Fan-out: 1,000 clients on one subject, 100-byte contents, each server in turn (Herald's edge,
 * nchan, the bare Netty server). Options: {@code --servers}, {@code --clients}, {@code --rate}
 * (messages/s), {@code --warmup}, {@code --seconds}.
 */
public final class FanoutScenario implements Scenario {
    @Override
    public List<ResultTable> run(BenchArgs args, Path logs) throws Exception {
        DeliveryRun run = DeliveryRun.fromArgs(args, 1000, 1, 100, 300, 15, 20);
        ResultTable table = new ResultTable("fanout");
        ResultTable vs = new ResultTable("fanout: server CPU per delivery, Herald against peers");
        Map<String, Double> us = new HashMap<>();
        for (String name : args.list("servers", "herald,nchan,netty")) {
            try (Server server = Servers.start(name, logs.resolve(name))) {
                us.put(name, run.measure(server, table, logs.resolve(name)));
            }
        }
        Comparison.add(vs, run.clients() + " clients, " + run.rate() + " msg/s", us);
        return List.of(table, vs);
    }
}
