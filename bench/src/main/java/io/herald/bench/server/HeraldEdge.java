package io.herald.bench.server;

import io.herald.bench.load.GeneratorSpec;
import java.nio.file.Path;
import java.util.List;

/**
 * Herald's edge alone: a broker process and an edge process reading the sequenced topic, into which
 * the publisher writes sequenced records directly (epoch 1, seq 0, 1, …): the edge only reads Kafka
 * and fans out, and its CPU is all that is counted.
 */
public final class HeraldEdge implements Server {
    static final String TOPIC = "messages.sequenced";

    private final BrokerProcess broker;
    private final EdgeProcess edge;
    private final String bootstrap;

    private HeraldEdge(BrokerProcess broker, EdgeProcess edge, String bootstrap) {
        this.broker = broker;
        this.edge = edge;
        this.bootstrap = bootstrap;
    }

    /** Starts the broker and the edge with {@code edgeArgs} added; returns once it is healthy. */
    public static HeraldEdge start(Path logs, List<String> edgeArgs) throws Exception {
        BrokerProcess broker = BrokerProcess.start(logs, TOPIC, 2);
        try {
            return new HeraldEdge(
                    broker,
                    EdgeProcess.start("edge", logs, broker.bootstrap(), TOPIC, edgeArgs),
                    broker.bootstrap());
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
