package io.herald.bench.server;

import io.herald.bench.load.GeneratorSpec;
import io.herald.bench.proc.Child;
import io.herald.bench.proc.Jvm;
import io.herald.bench.proc.ScratchDir;
import io.herald.testing.FreePorts;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The whole pipeline: the local stack ({@code LocalStack}: a broker, the sequencer job on a Flink
 * MiniCluster, two edges) as one child process, plus one extra edge process to which the
 * subscribers connect. Its CPU is both processes'. Publishes either as a Kafka application (into
 * the source topic) or as clients do, through one of the stack's edges.
 */
public final class LocalPipeline implements Server {
    /** How the publisher reaches the pipeline. */
    public enum Via {
        KAFKA,
        EDGE
    }

    /**
     * Environment variable with extra JVM flags for the local stack, e.g. to profile it: {@code
     * BENCH_STACK_JVM_OPTS="-XX:StartFlightRecording=filename=stack.jfr,settings=profile"}.
     */
    public static final String EXTRA_JVM_ENV = "BENCH_STACK_JVM_OPTS";

    private final Child stack;
    private final EdgeProcess edge;
    private final String bootstrap;
    private final int stackEdgePort;
    private final Via via;
    private final String delivery;
    private final ScratchDir data;

    private LocalPipeline(
            Child stack,
            EdgeProcess edge,
            String bootstrap,
            int stackEdgePort,
            Via via,
            String delivery,
            ScratchDir data) {
        this.stack = stack;
        this.edge = edge;
        this.bootstrap = bootstrap;
        this.stackEdgePort = stackEdgePort;
        this.via = via;
        this.delivery = delivery;
        this.data = data;
    }

    /**
     * Starts the stack with the job's {@code delivery} and {@code stackArgs}, then the extra edge.
     */
    public static LocalPipeline start(Path logs, String delivery, Via via, List<String> stackArgs)
            throws Exception {
        ScratchDir data = new ScratchDir("bench-local");
        int kafkaPort = FreePorts.next();
        int edge1 = FreePorts.next();
        int edge2 = FreePorts.next();
        List<String> args =
                new ArrayList<>(
                        List.of(
                                "--kafka-port",
                                Integer.toString(kafkaPort),
                                "--edge-ports",
                                edge1 + "," + edge2,
                                "--flink-ui-port",
                                Integer.toString(FreePorts.next()),
                                "--data-dir",
                                data.path().toString(),
                                "--fresh",
                                "--delivery",
                                delivery));
        args.addAll(stackArgs);
        List<String> jvm = new ArrayList<>(List.of("-Xmx2g", "-XX:+UseParallelGC"));
        jvm.addAll(Jvm.opens());
        jvm.addAll(Jvm.fromEnv(EXTRA_JVM_ENV));
        Child stack =
                Child.start(
                        "local-stack",
                        Jvm.command(jvm, "io.herald.local.LocalStack", args),
                        logs.resolve("local-stack.log"));
        try {
            stack.awaitLine("ready"::equals, Duration.ofMinutes(3));
            String bootstrap = "127.0.0.1:" + kafkaPort;
            EdgeProcess edge =
                    EdgeProcess.start(
                            "extra-edge",
                            logs,
                            bootstrap,
                            "messages.sequenced",
                            List.of("--source-topics", SourceTopicPublisher.TOPIC));
            return new LocalPipeline(stack, edge, bootstrap, edge1, via, delivery, data);
        } catch (Exception | Error e) {
            stack.close();
            data.close();
            throw e;
        }
    }

    @Override
    public String name() {
        return "pipeline/" + delivery;
    }

    @Override
    public GeneratorSpec.Protocol protocol() {
        return GeneratorSpec.Protocol.HERALD;
    }

    @Override
    public int port() {
        return edge.port();
    }

    @Override
    public List<Long> pids() {
        return List.of(stack.pid(), edge.pid());
    }

    public long stackPid() {
        return stack.pid();
    }

    public long edgePid() {
        return edge.pid();
    }

    /** The port of the stack's first edge, the one publishers use. */
    public int stackEdgePort() {
        return stackEdgePort;
    }

    public String bootstrap() {
        return bootstrap;
    }

    @Override
    public Publisher publisher() {
        return via == Via.KAFKA
                ? new SourceTopicPublisher(bootstrap, Map.of())
                : new EdgePublisher(stackEdgePort, 4);
    }

    @Override
    public void close() {
        edge.close();
        stack.close();
        data.close();
    }
}
