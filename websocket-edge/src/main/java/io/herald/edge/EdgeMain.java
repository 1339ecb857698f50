package io.herald.edge;

import io.herald.cli.Cli;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;

/** {@code java -jar herald-websocket-edge-<version>.jar [--option value ...]}. */
public final class EdgeMain {
    private EdgeMain() {}

    /** The logging configuration of the runnable jar, unless one is given. */
    static final String LOG_CONFIG = "herald-edge-log4j2.properties";

    public static void main(String[] args) throws InterruptedException {
        if (System.getProperty("log4j2.configurationFile") == null) {
            System.setProperty("log4j2.configurationFile", LOG_CONFIG);
        }
        Optional<EdgeConfig> config =
                Cli.parseMainOrExit(new EdgeOptions(), EdgeOptions.ENV_PREFIX, args);
        if (config.isEmpty()) {
            return;
        }
        Edge edge = Edge.start(config.get());
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime()
                .addShutdownHook(
                        new Thread(
                                () -> {
                                    edge.close();
                                    stopped.countDown();
                                },
                                "herald-edge-shutdown"));
        stopped.await();
    }
}
