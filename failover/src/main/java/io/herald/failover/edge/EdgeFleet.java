package io.herald.failover.edge;

import io.herald.failover.process.ChildLogging;
import io.herald.failover.process.ChildProcess;
import io.herald.failover.process.JvmCommand;
import io.herald.failover.process.ProcessSupervisor;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntSupplier;

/**
 * Edge processes ({@code io.herald.edge.EdgeMain}) as child JVMs, each on its own port, which it
 * keeps across restarts so that clients find it again at the same URL.
 */
public final class EdgeFleet implements AutoCloseable {

    private static final String MAIN_CLASS = "io.herald.edge.EdgeMain";

    /**
     * How long a started edge may take to report a warm cache. A restart under the scenarios' full
     * load (brokers, Flink, the other edges and the load generator on two cores) gets a small share
     * of the CPU: its JVM took 50 s to start and 33 s to check the topics in one run here, then it
     * reads the TTL's worth of messages and catches up with the load. Kubernetes waits on readiness
     * for up to the Deployment's progress deadline (10 min).
     */
    private static final Duration START_TIMEOUT = Duration.ofMinutes(3);

    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private final ProcessSupervisor supervisor;
    private final String classpath;
    private final ChildLogging logging;
    private final List<String> commonArgs;
    private final IntSupplier freePorts;
    private final Map<String, Edge> edges = new LinkedHashMap<>();

    /** One edge: its port, extra flags, and its current process. */
    private static final class Edge {
        final int port;
        final List<String> extraArgs;
        ChildProcess process;

        Edge(int port, List<String> extraArgs) {
            this.port = port;
            this.extraArgs = extraArgs;
        }
    }

    /**
     * @param commonArgs flags every edge gets ({@code --bootstrap-servers}, topics, cache TTL)
     */
    public EdgeFleet(
            ProcessSupervisor supervisor,
            String classpath,
            ChildLogging logging,
            List<String> commonArgs,
            IntSupplier freePorts) {
        this.supervisor = supervisor;
        this.classpath = classpath;
        this.logging = logging;
        this.commonArgs = List.copyOf(commonArgs);
        this.freePorts = freePorts;
    }

    /** Starts a new edge named {@code name} with extra flags; waits until its cache is warm. */
    public synchronized URI start(String name, List<String> extraArgs) throws InterruptedException {
        if (edges.containsKey(name)) {
            throw new IllegalArgumentException("edge " + name + " exists");
        }
        Edge edge = new Edge(freePorts.getAsInt(), List.copyOf(extraArgs));
        edges.put(name, edge);
        launch(name, edge);
        return url(name);
    }

    /** Starts a stopped or killed edge again on its port; waits until its cache is warm. */
    public synchronized void restart(String name) throws InterruptedException {
        Edge edge = edge(name);
        if (edge.process != null && edge.process.isAlive()) {
            throw new IllegalStateException("edge " + name + " is running");
        }
        launch(name, edge);
    }

    private void launch(String name, Edge edge) throws InterruptedException {
        List<String> args = new ArrayList<>(commonArgs);
        args.addAll(List.of("--host", "127.0.0.1", "--port", Integer.toString(edge.port)));
        args.addAll(edge.extraArgs);
        // The JIT of the edge's image and manifest: C1 only (docs/performance.md).
        List<String> jvm =
                new ArrayList<>(
                        List.of("-Xmx512m", "-XX:+UseParallelGC", "-XX:TieredStopAtLevel=1"));
        jvm.addAll(logging.jvmOptions(supervisor.logDir().resolve(name + ".log4j")));
        edge.process =
                supervisor.start(
                        JvmCommand.mainClass(
                                name, classpath, MAIN_CLASS, jvm, args, supervisor.scratch(name)));
        awaitReady(name, edge);
    }

    /**
     * Waits until the edge reports a warm cache on {@code /healthz}, as an operator's rolling
     * restart does before it moves on to the next edge (a cold edge refuses WebSocket upgrades).
     */
    private static void awaitReady(String name, Edge edge) throws InterruptedException {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofMillis(500)).build();
        HttpRequest healthz =
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + edge.port + "/healthz"))
                        .timeout(Duration.ofSeconds(2))
                        .build();
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            if (!edge.process.isAlive()) {
                throw new IllegalStateException(
                        "edge " + name + " exited:\n" + edge.process.logTail(40));
            }
            try {
                if (http.send(healthz, HttpResponse.BodyHandlers.discarding()).statusCode()
                        == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            Thread.sleep(100);
        }
        throw new IllegalStateException(
                "edge "
                        + name
                        + " not ready after "
                        + START_TIMEOUT
                        + ":\n"
                        + edge.process.logTail(40));
    }

    /** What {@code GET /healthz} answered. */
    public record Health(int status, String body) {}

    /** {@code GET /healthz} of edge {@code name}. */
    public Health health(String name) throws IOException, InterruptedException {
        HttpResponse<String> r =
                HTTP.send(
                        HttpRequest.newBuilder(URI.create(baseUrl(name) + "/healthz"))
                                .timeout(Duration.ofSeconds(5))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        return new Health(r.statusCode(), r.body().trim());
    }

    /** The value of gauge {@code metric} on {@code GET /metrics} of edge {@code name}. */
    public double gauge(String name, String metric) throws IOException, InterruptedException {
        String text =
                HTTP.send(
                                HttpRequest.newBuilder(URI.create(baseUrl(name) + "/metrics"))
                                        .timeout(Duration.ofSeconds(5))
                                        .build(),
                                HttpResponse.BodyHandlers.ofString())
                        .body();
        return text.lines()
                .filter(l -> l.startsWith(metric + " "))
                .map(l -> Double.parseDouble(l.substring(metric.length() + 1).trim()))
                .findFirst()
                .orElseThrow(() -> new IOException("edge " + name + " has no metric " + metric));
    }

    private synchronized String baseUrl(String name) {
        return "http://127.0.0.1:" + edge(name).port;
    }

    /** {@code kill -9}. */
    public synchronized void kill(String name) {
        edge(name).process.kill();
    }

    /** A clean stop (SIGTERM: the edge closes its connections with 1001). */
    public synchronized void stop(String name) {
        edge(name).process.stop(Duration.ofSeconds(20));
    }

    /** The edge's WebSocket URL. */
    public synchronized URI url(String name) {
        return URI.create("ws://127.0.0.1:" + edge(name).port + "/ws");
    }

    /** The names of all edges, started or not. */
    public synchronized List<String> names() {
        return List.copyOf(edges.keySet());
    }

    private Edge edge(String name) {
        Edge edge = edges.get(name);
        if (edge == null) {
            throw new IllegalArgumentException("no edge " + name);
        }
        return edge;
    }

    @Override
    public synchronized void close() {
        edges.values().stream().filter(e -> e.process != null).forEach(e -> e.process.kill());
    }
}
