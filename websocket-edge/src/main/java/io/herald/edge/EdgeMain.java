package io.herald.edge;

import io.herald.cli.Cli;
import io.herald.kafka.RequiredTopics;
import io.herald.kafka.TopicCheckException;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code java -jar herald-websocket-edge-<version>.jar [--option value ...]}.
 *
 * <p>SIGTERM or SIGINT stop the edge gracefully (clients are closed with 1001 first) and the JVM
 * exits as it does on that signal (143, 130). Exit status 1: the edge could not start, or failed
 * while running (it can no longer do its job: see {@link Edge}); 2: bad options. An orchestrator
 * restarts the process either way. Before anything starts, the sequenced topic must exist: a
 * missing one, or a Kafka cluster that does not answer within {@link
 * RequiredTopics#DEFAULT_TIMEOUT} (down, or a listener whose security the client's {@code
 * --kafka-config} does not match), is exit status 1 with a message naming the topic.
 */
public final class EdgeMain {
    private EdgeMain() {}

    /** The logging configuration of the runnable jar, unless one is given. */
    static final String LOG_CONFIG = "herald-edge-log4j2.properties";

    /** The edge could not start, or failed while running. */
    static final int EXIT_FAILED = 1;

    public static void main(String[] args) {
        if (System.getProperty("log4j2.configurationFile") == null) {
            System.setProperty("log4j2.configurationFile", LOG_CONFIG);
        }
        Optional<EdgeConfig> config =
                Cli.parseMainOrExit(new EdgeOptions(), EdgeOptions.ENV_PREFIX, args);
        if (config.isEmpty()) {
            return;
        }
        int status = run(config.get());
        if (status != 0) {
            System.exit(status);
        }
    }

    /**
     * Runs an edge until the JVM is asked to stop (returns 0 while the shutdown hook closes it) or
     * the edge fails (closes it and returns {@link #EXIT_FAILED}).
     */
    private static int run(EdgeConfig config) {
        // Not a static field: logging must start after the configuration property is set.
        Logger log = LoggerFactory.getLogger(EdgeMain.class);
        Edge edge;
        try {
            RequiredTopics.check(
                    config.bootstrapServers(),
                    config.kafkaClient(),
                    List.of(config.sequencedTopic()),
                    RequiredTopics.DEFAULT_TIMEOUT);
            edge = Edge.start(config);
        } catch (TopicCheckException e) {
            log.error(
                    "edge could not start: {} reason={}, exiting with status {}",
                    e.getMessage(),
                    e.reason(),
                    EXIT_FAILED);
            return EXIT_FAILED;
        } catch (RuntimeException e) {
            log.error("edge could not start, exiting with status {}", EXIT_FAILED, e);
            return EXIT_FAILED;
        }
        CompletableFuture<Integer> exit = new CompletableFuture<>();
        edge.failure().thenRun(() -> exit.complete(EXIT_FAILED));
        Runtime.getRuntime()
                .addShutdownHook(
                        new Thread(
                                () -> {
                                    exit.complete(0);
                                    edge.close();
                                },
                                "herald-edge-shutdown"));
        int status = exit.join();
        if (status != 0) {
            log.error("edge failed, exiting with status {}", status);
            edge.close();
        }
        return status;
    }
}
