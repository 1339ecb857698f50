package io.herald.local;

import io.herald.cli.Cli;
import io.herald.job.SequencerConfig;
import io.herald.job.SequencerOptions;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The whole system in one JVM, for a laptop: a KRaft Kafka broker, the sequencer job on a Flink
 * MiniCluster and WebSocket edges that serve the demo page. Started by {@code ./run-local}; prints
 * each address, then one line {@code ready}; SIGINT/SIGTERM stop the edges (clients get 1001), then
 * the job, then Kafka.
 */
public final class LocalStack implements AutoCloseable {

    /** The source topic of the demo page. */
    static final String DEMO_TOPIC = "demo";

    static final String SEQUENCED_TOPIC = SequencerOptions.DEFAULT_SEQUENCED_TOPIC;
    static final String DEAD_LETTER_TOPIC = SequencerOptions.DEFAULT_DEAD_LETTER_TOPIC;
    private static final int PARTITIONS = 3;
    private static final Duration START_TIMEOUT = Duration.ofSeconds(120);

    private final List<AutoCloseable> parts = new ArrayList<>();
    private final AtomicBoolean closed = new AtomicBoolean();
    private LocalEdges edges;

    private LocalStack() {}

    public static void main(String[] args) throws Exception {
        Optional<LocalConfig> parsed =
                Cli.parseMainOrExit(new LocalOptions(), LocalOptions.ENV_PREFIX, args);
        if (parsed.isEmpty()) {
            return;
        }
        LocalConfig config = parsed.get();
        Path dataDir = config.dataDir().toAbsolutePath().normalize();
        if (config.fresh()) {
            Folders.deleteRecursively(dataDir);
        }
        Files.createDirectories(dataDir);
        // Before the first logger exists: everything logs to a file, errors also to stderr.
        System.setProperty("herald.local.log", dataDir.resolve("local.log").toString());
        System.setProperty("log4j2.configurationFile", "herald-local-log4j2.properties");

        LocalStack stack = new LocalStack();
        CountDownLatch stopped = new CountDownLatch(1);
        // Registered before anything starts, so that Ctrl-C during the start stops what runs.
        Runtime.getRuntime()
                .addShutdownHook(
                        new Thread(
                                () -> {
                                    stack.close();
                                    System.out.println("stopped");
                                    stopped.countDown();
                                },
                                "local-stack-shutdown"));
        try {
            stack.startParts(config, dataDir, System.out);
        } catch (Exception | LinkageError e) {
            System.err.println("error: the local stack did not start: " + e.getMessage());
            LoggerFactory.getLogger(LocalStack.class).warn("start failed", e);
            System.exit(1);
            return;
        }
        System.out.println("ready");
        if (config.controlStdin()) {
            stack.serveControl(
                    new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)),
                    System.out);
            System.exit(0);
        }
        stopped.await();
    }

    /** Starts every part in order, printing each address to {@code out}. */
    private void startParts(LocalConfig config, Path dataDir, PrintStream out) throws Exception {
        out.println("Herald local stack, data in " + dataDir);
        requireFree(config.kafkaPort(), "--kafka-port");
        requireFree(config.flinkUiPort(), "--flink-ui-port");
        for (int port : config.edgePorts()) {
            requireFree(port, "--edge-ports");
        }
        LocalKafka kafka = LocalKafka.start(dataDir.resolve("kafka"), config.kafkaPort());
        parts.add(kafka);
        kafka.createTopics(
                List.of(DEMO_TOPIC, SEQUENCED_TOPIC, DEAD_LETTER_TOPIC),
                PARTITIONS,
                START_TIMEOUT.toMillis());
        out.printf(
                "  kafka      %s  topics %s, %s, %s%n",
                kafka.bootstrapServers(), DEMO_TOPIC, SEQUENCED_TOPIC, DEAD_LETTER_TOPIC);

        Path checkpoints = dataDir.resolve("flink").resolve("checkpoints");
        List<String> jobArgs = topicArgs(kafka.bootstrapServers());
        jobArgs.addAll(
                List.of(
                        "--delivery",
                        config.delivery(),
                        "--checkpoint-dir",
                        checkpoints.toUri().toString()));
        jobArgs.addAll(config.jobOptions());
        SequencerConfig job = SequencerConfig.parse(jobArgs.toArray(String[]::new));
        parts.add(LocalSequencer.start(job, checkpoints, config.flinkUiPort(), START_TIMEOUT));
        out.printf(
                "  sequencer  delivery %s, checkpoints every %d ms  Flink UI http://127.0.0.1:%d/%n",
                job.delivery().flag(), job.checkpointInterval().toMillis(), config.flinkUiPort());

        Path www = DemoSite.writeTo(dataDir.resolve("www"));
        Files.writeString(www.resolve("config.json"), siteConfig(config.edgePorts()));
        List<String> edgeArgs = topicArgs(kafka.bootstrapServers());
        edgeArgs.addAll(List.of("--static-dir", www.toString()));
        if (config.edgeOptions().stream().noneMatch(a -> a.startsWith("--allowed-origins"))) {
            edgeArgs.addAll(List.of("--allowed-origins", pageOrigins(config.edgePorts())));
        }
        edgeArgs.addAll(config.edgeOptions());
        edges = new LocalEdges(edgeArgs, START_TIMEOUT);
        parts.add(edges);
        for (int port : config.edgePorts()) {
            edges.start(port);
            out.printf(
                    "  edge       http://127.0.0.1:%d/  (demo page; WebSocket ws://127.0.0.1:%d/ws)%n",
                    port, port);
        }
    }

    /**
     * The flags the job and the edges share (same spelling in both): Kafka and the topics. These,
     * with the ports, directories and delivery mode, are the options the stack sets itself ({@link
     * LocalOptions#STACK_EDGE_OPTIONS}, {@link LocalOptions#STACK_JOB_OPTIONS}).
     */
    /**
     * The origins of the demo pages the edges serve ({@code http://127.0.0.1:PORT} and {@code
     * http://localhost:PORT}): the only pages whose WebSockets the local edges accept.
     */
    static String pageOrigins(List<Integer> edgePorts) {
        List<String> origins = new ArrayList<>();
        for (int port : edgePorts) {
            origins.add("http://127.0.0.1:" + port);
            origins.add("http://localhost:" + port);
        }
        return String.join(",", origins);
    }

    private static List<String> topicArgs(String bootstrapServers) {
        return new ArrayList<>(
                List.of(
                        "--bootstrap-servers", bootstrapServers,
                        "--source-topics", DEMO_TOPIC,
                        "--sequenced-topic", SEQUENCED_TOPIC,
                        "--dead-letter-topic", DEAD_LETTER_TOPIC));
    }

    /** Fails fast, with the option to change, when a port is taken (e.g. by another stack). */
    private static void requireFree(int port, String option) throws IOException {
        try (ServerSocket socket = new ServerSocket()) {
            socket.bind(new InetSocketAddress("127.0.0.1", port));
        } catch (BindException e) {
            throw new IllegalStateException(
                    "127.0.0.1:"
                            + port
                            + " is in use; stop what listens there or pick another port with "
                            + option);
        }
    }

    /** The demo page's list of edges, so that it can move to another one. */
    private static String siteConfig(List<Integer> ports) {
        return ports.stream()
                .map(p -> "\"ws://127.0.0.1:" + p + "/ws\"")
                .collect(Collectors.joining(", ", "{\"edges\": [", "]}\n"));
    }

    /**
     * Test control, enabled by {@code --control-stdin}: {@code stop-edge PORT} and {@code
     * start-edge PORT}, each answered by one line ({@code edge-stopped PORT}, {@code edge-started
     * PORT} or {@code error: ...}). Returns at end of input.
     */
    void serveControl(BufferedReader in, PrintStream out) throws IOException {
        for (String line = in.readLine(); line != null; line = in.readLine()) {
            String[] words = line.trim().split("\\s+");
            try {
                if (words.length == 2 && words[0].equals("stop-edge")) {
                    edges.stop(Integer.parseInt(words[1]));
                    out.println("edge-stopped " + words[1]);
                } else if (words.length == 2 && words[0].equals("start-edge")) {
                    edges.start(Integer.parseInt(words[1]));
                    out.println("edge-started " + words[1]);
                } else if (!line.isBlank()) {
                    out.println("error: unknown command: " + line.trim());
                }
            } catch (Exception e) {
                out.println("error: " + e.getMessage());
            }
        }
    }

    /** Stops the edges, then the job, then Kafka; idempotent. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        Logger log = LoggerFactory.getLogger(LocalStack.class);
        for (int i = parts.size() - 1; i >= 0; i--) {
            try {
                parts.get(i).close();
            } catch (Exception e) {
                log.warn("could not stop part={}", parts.get(i).getClass().getSimpleName(), e);
            }
        }
    }
}
