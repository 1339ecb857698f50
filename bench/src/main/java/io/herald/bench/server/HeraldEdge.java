package io.herald.bench.server;

import io.herald.bench.load.GeneratorSpec;
import io.herald.bench.proc.Child;
import io.herald.bench.proc.Jvm;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * Herald's edge alone: a broker process and an edge process reading the sequenced topic, into which
 * the publisher writes sequenced records directly (epoch 1, seq 0, 1, …): the edge only reads Kafka
 * and fans out, and its CPU is all that is counted.
 */
public final class HeraldEdge implements Server {
    static final String TOPIC = "messages.sequenced";

    private final Child broker;
    private final EdgeProcess edge;
    private final String bootstrap;

    private HeraldEdge(Child broker, EdgeProcess edge, String bootstrap) {
        this.broker = broker;
        this.edge = edge;
        this.bootstrap = bootstrap;
    }

    /** Starts the broker and the edge with {@code edgeArgs} added; returns once it is healthy. */
    public static HeraldEdge start(Path logs, List<String> edgeArgs) throws Exception {
        Child broker =
                Child.start(
                        "broker",
                        Jvm.command(
                                List.of("-Xmx1g", "-XX:+UseParallelGC"),
                                BrokerMain.class.getName(),
                                List.of(TOPIC, "2")),
                        logs.resolve("broker.log"));
        try {
            String bootstrap =
                    broker.awaitLine(l -> l.startsWith("bootstrap "), Duration.ofSeconds(90))
                            .substring("bootstrap ".length());
            return new HeraldEdge(
                    broker, EdgeProcess.start("edge", logs, bootstrap, TOPIC, edgeArgs), bootstrap);
        } catch (Exception | Error e) {
            broker.close();
            throw e;
        }
    }

    @Override
    public String name() {
        return "herald";
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
        return List.of(edge.pid());
    }

    public EdgeProcess edge() {
        return edge;
    }

    /** Waits until the edge has read {@code total} messages (a prefill), for at most 120 s. */
    public void awaitMessagesIn(long total) throws Exception {
        long deadline = System.nanoTime() + 120_000_000_000L;
        while (edge.metric("herald_edge_messages_in_total") < total) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the edge did not read the prefill in 120 s");
            }
            Thread.sleep(100);
        }
    }

    @Override
    public Publisher publisher() {
        return new SequencedTopicPublisher(bootstrap, TOPIC);
    }

    @Override
    public void close() {
        edge.close();
        broker.close();
    }
}
