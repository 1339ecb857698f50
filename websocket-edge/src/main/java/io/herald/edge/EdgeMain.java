package io.herald.edge;

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
        for (String a : args) {
            if (a.equals("--help") || a.equals("-h")) {
                System.out.println(EdgeConfigParser.usage());
                return;
            }
        }
        EdgeConfig config;
        try {
            config = EdgeConfig.parse(args, System.getenv());
        } catch (IllegalArgumentException e) {
            System.err.println("herald edge: " + e.getMessage());
            System.err.println("run with --help for the options");
            System.exit(2);
            return;
        }
        Edge edge = Edge.start(config);
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
