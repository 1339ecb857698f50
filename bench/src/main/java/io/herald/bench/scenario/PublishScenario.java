package io.herald.bench.scenario;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.herald.bench.BenchArgs;
import io.herald.bench.proc.Child;
import io.herald.bench.publish.JavaSdkPublisher;
import io.herald.bench.publish.PublishTally;
import io.herald.bench.report.ResultTable;
import io.herald.bench.server.LocalPipeline;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A single SDK publisher through one edge of the local stack, default settings everywhere: how many
 * of its messages are acknowledged, refused ({@code error} frames), lost with a closed connection
 * or failed in the client, the rate they were acknowledged at and the ack latency. Options: {@code
 * --delivery} (both modes by default), {@code --sdk} ({@code java,js}), {@code --rate} (5,000
 * msg/s), {@code --seconds} (10), {@code --subjects} (10), {@code --bytes} (100), {@code --warmup}
 * (15 s: a Java publisher at the same rate, not counted, before a stack's first measured row, since
 * a freshly started stack acknowledges far fewer than 5,000 msg/s while its JIT compiles).
 */
public final class PublishScenario implements Scenario {
    @Override
    public List<ResultTable> run(BenchArgs args, Path logs) throws Exception {
        int rate = args.integer("rate", 5000);
        int seconds = args.integer("seconds", 10);
        int subjects = args.integer("subjects", 10);
        int bytes = args.integer("bytes", 100);
        int warmup = args.integer("warmup", 15);
        List<String> sdks = args.list("sdk", "java,js");
        ResultTable table = new ResultTable("one SDK publisher through one edge");
        for (String delivery : args.list("delivery", "low-latency,exactly-once")) {
            try (LocalPipeline p =
                    LocalPipeline.start(logs, delivery, LocalPipeline.Via.EDGE, List.of())) {
                if (warmup > 0) {
                    JavaSdkPublisher.run(
                            p.stackEdgePort(), rate, warmup, subjects, bytes, new PublishTally());
                }
                for (String sdk : sdks) {
                    if (sdk.equals("java")) {
                        PublishTally tally = new PublishTally();
                        long start = System.nanoTime();
                        JavaSdkPublisher.run(
                                p.stackEdgePort(), rate, seconds, subjects, bytes, tally);
                        tally.report(table, sdk, delivery, rate, (long) rate * seconds, start);
                    } else {
                        runJs(
                                p.stackEdgePort(),
                                rate,
                                seconds,
                                subjects,
                                bytes,
                                logs,
                                table,
                                delivery);
                    }
                }
            }
        }
        return List.of(table);
    }

    private static void runJs(
            int port,
            int rate,
            int seconds,
            int subjects,
            int bytes,
            Path logs,
            ResultTable table,
            String delivery)
            throws Exception {
        List<String> command =
                new ArrayList<>(
                        List.of(
                                "node",
                                "bench/publish.mjs",
                                "--port",
                                Integer.toString(port),
                                "--rate",
                                Integer.toString(rate),
                                "--seconds",
                                Integer.toString(seconds),
                                "--subjects",
                                Integer.toString(subjects),
                                "--bytes",
                                Integer.toString(bytes)));
        try (Child node = Child.start("js-publisher", command, logs.resolve("js-publisher.log"))) {
            String line =
                    node.awaitLine(l -> l.startsWith("result "), Duration.ofSeconds(seconds + 180));
            JsonNode r = new ObjectMapper().readTree(line.substring("result ".length()));
            table.add(
                    "sdk",
                    "js",
                    "delivery",
                    delivery,
                    "target_msg_s",
                    rate,
                    "sent",
                    r.path("sent").asLong(),
                    "acked",
                    r.path("acked").asLong(),
                    "refused",
                    r.path("refused").asLong(),
                    "closed",
                    r.path("closed").asLong(),
                    "client_failed",
                    r.path("clientFailed").asLong(),
                    "acked_msg_s",
                    r.path("ackedPerSecond").asDouble(),
                    "ack_p50_ms",
                    r.path("ackP50Ms").asDouble(),
                    "ack_p99_ms",
                    r.path("ackP99Ms").asDouble());
        }
    }
}
