package io.herald.local;

import io.herald.edge.Edge;
import io.herald.edge.EdgeConfig;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The WebSocket edges of the local stack, one per port, each configured from the same arguments
 * plus its own {@code --port}. Edges can be stopped and started again one at a time (tests do, to
 * watch clients move to another edge and resume).
 */
final class LocalEdges implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(LocalEdges.class);

    private final List<String> baseArgs;
    private final Duration timeout;
    private final Map<Integer, Edge> running = new LinkedHashMap<>();

    /**
     * @param baseArgs edge flags common to every edge, without {@code --port}
     * @param timeout how long an edge may take to become ready
     */
    LocalEdges(List<String> baseArgs, Duration timeout) {
        this.baseArgs = List.copyOf(baseArgs);
        this.timeout = timeout;
    }

    /** Starts the edge on {@code port} and returns once it is ready. */
    synchronized void start(int port) throws Exception {
        if (running.containsKey(port)) {
            throw new IllegalStateException("an edge already runs on port " + port);
        }
        List<String> args = new ArrayList<>(baseArgs);
        args.add("--port");
        args.add(Integer.toString(port));
        EdgeConfig config = EdgeConfig.parse(args.toArray(String[]::new), Map.of());
        Edge edge = Edge.start(config);
        running.put(port, edge);
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!edge.isReady()) {
            if (System.nanoTime() > deadline) {
                throw new TimeoutException("edge on port " + port + " not ready in " + timeout);
            }
            Thread.sleep(50);
        }
        LOG.info("edge started port={}", port);
    }

    /** Stops the edge on {@code port}: its clients are closed with 1001 and reconnect elsewhere. */
    synchronized void stop(int port) {
        Edge edge = running.remove(port);
        if (edge == null) {
            throw new IllegalStateException("no edge runs on port " + port);
        }
        edge.close();
        LOG.info("edge stopped port={}", port);
    }

    /** Stops every running edge. */
    @Override
    public synchronized void close() {
        for (Integer port : List.copyOf(running.keySet())) {
            stop(port);
        }
    }
}
