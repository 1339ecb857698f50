package io.herald.bench.server;

import io.herald.bench.proc.Child;
import io.herald.bench.proc.Jvm;
import io.herald.testing.FreePorts;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/** One Herald edge ({@code EdgeMain}) as a child process, and what the benchmarks read from it. */
public final class EdgeProcess implements AutoCloseable {
    /** The collector flags of the edge's image (G1, 20 ms pause goal: docs/performance.md). */
    private static final List<String> GC = List.of("-XX:+UseG1GC", "-XX:MaxGCPauseMillis=20");

    /**
     * The edge's JVM flags in every scenario: those of its image (C1 only, G1, see
     * docs/performance.md), with a fixed heap.
     */
    public static final List<String> JVM =
            Stream.concat(Stream.of("-Xms512m", "-Xmx1g", "-XX:TieredStopAtLevel=1"), GC.stream())
                    .toList();

    /**
     * Environment variable with extra JVM flags for the edges, e.g. to profile them: {@code
     * BENCH_EDGE_JVM_OPTS="-XX:StartFlightRecording=filename=edge.jfr,settings=profile"}. A
     * collector chosen there ({@code -XX:+UseZGC}...) replaces the image's G1 flags.
     */
    public static final String EXTRA_JVM_ENV = "BENCH_EDGE_JVM_OPTS";

    /**
     * Environment variable with extra edge options for every edge a run starts, to measure a
     * setting: {@code BENCH_EDGE_ARGS="--fetch-interval 20ms"}. Options the scenario sets itself
     * (port, topic, {@code --outbound-buffer-bytes}, {@code --max-connections}) cannot be repeated.
     */
    public static final String EXTRA_ARGS_ENV = "BENCH_EDGE_ARGS";

    private final Child child;
    private final int port;

    private EdgeProcess(Child child, int port) {
        this.child = child;
        this.port = port;
    }

    /**
     * Starts an edge on a free port reading {@code sequencedTopic} from {@code bootstrap}, with
     * {@code extraArgs}; returns once {@code /healthz} says it is ready.
     */
    public static EdgeProcess start(
            String name, Path logs, String bootstrap, String sequencedTopic, List<String> extraArgs)
            throws InterruptedException {
        int port = FreePorts.next();
        List<String> args =
                new ArrayList<>(
                        List.of(
                                "--bootstrap-servers",
                                bootstrap,
                                "--host",
                                "127.0.0.1",
                                "--port",
                                Integer.toString(port),
                                "--sequenced-topic",
                                sequencedTopic,
                                "--outbound-buffer-bytes",
                                "4MiB",
                                "--max-connections",
                                "20000"));
        args.addAll(extraArgs);
        args.addAll(Jvm.fromEnv(EXTRA_ARGS_ENV));
        Child child =
                Child.start(
                        name,
                        Jvm.command(jvmOptions(), "io.herald.edge.EdgeMain", args),
                        logs.resolve(name + ".log"));
        try {
            Http.awaitOk("http://127.0.0.1:" + port + "/healthz", Duration.ofSeconds(90));
        } catch (InterruptedException | RuntimeException e) {
            child.close();
            throw e;
        }
        return new EdgeProcess(child, port);
    }

    private static List<String> jvmOptions() {
        List<String> extra = Jvm.fromEnv(EXTRA_JVM_ENV);
        List<String> jvm = new ArrayList<>(JVM);
        if (extra.stream().anyMatch(o -> o.matches("-XX:\\+Use\\w+GC"))) {
            jvm.removeAll(GC);
        }
        jvm.addAll(extra);
        return jvm;
    }

    public int port() {
        return port;
    }

    public long pid() {
        return child.pid();
    }

    /** The edge's heap in use, from its {@code /metrics}, after a full GC. */
    public long heapUsedAfterGc() throws IOException, InterruptedException {
        Jvm.gc(child.pid());
        return (long) metric("herald_edge_heap_used_bytes");
    }

    /** The value of {@code name} on the edge's {@code /metrics}. */
    public double metric(String name) throws IOException, InterruptedException {
        Matcher m =
                Pattern.compile("(?m)^" + name + " ([0-9.eE+]+)$")
                        .matcher(Http.get("http://127.0.0.1:" + port + "/metrics"));
        if (!m.find()) {
            throw new IllegalStateException("the edge's /metrics has no " + name);
        }
        return Double.parseDouble(m.group(1));
    }

    @Override
    public void close() {
        child.close();
    }
}
