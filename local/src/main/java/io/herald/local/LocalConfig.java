package io.herald.local;

import io.herald.cli.Cli;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The local stack's options, parsed once from the command line of {@code ./run-local} ({@link
 * LocalOptions} defines them).
 *
 * @param kafkaPort broker port on 127.0.0.1 (default 9092)
 * @param edgePorts one edge per port on 127.0.0.1 (default 8081,8082)
 * @param flinkUiPort Flink web UI and REST port on 127.0.0.1 (default 8088)
 * @param dataDir Kafka log, Flink checkpoints and the served demo files (default ./local-data)
 * @param fresh wipe {@code dataDir} before starting (default false: reuse it)
 * @param delivery the sequencer's delivery mode (default low-latency, see docs/local.md)
 * @param edgeOptions extra {@code --name value} arguments given to every edge (default none)
 * @param jobOptions extra {@code --name value} arguments given to the sequencer job (default none)
 * @param controlStdin read control commands on standard input, for tests (default false)
 */
public record LocalConfig(
        int kafkaPort,
        List<Integer> edgePorts,
        int flinkUiPort,
        Path dataDir,
        boolean fresh,
        String delivery,
        List<String> edgeOptions,
        List<String> jobOptions,
        boolean controlStdin) {

    public LocalConfig {
        checkPort("--kafka-port", kafkaPort);
        checkPort("--flink-ui-port", flinkUiPort);
        if (edgePorts.isEmpty()) {
            throw new IllegalArgumentException("--edge-ports needs at least one port");
        }
        edgePorts.forEach(p -> checkPort("--edge-ports", p));
        if (edgePorts.stream().distinct().count() != edgePorts.size()) {
            throw new IllegalArgumentException("--edge-ports has a port twice: " + edgePorts);
        }
        if (!delivery.equals("low-latency") && !delivery.equals("exactly-once")) {
            throw new IllegalArgumentException(
                    "--delivery is low-latency or exactly-once, not " + delivery);
        }
        edgePorts = List.copyOf(edgePorts);
        edgeOptions = List.copyOf(edgeOptions);
        jobOptions = List.copyOf(jobOptions);
    }

    /**
     * Parses {@code --name value} and {@code --name=value} options, as {@link LocalOptions} defines
     * them; throws {@link io.herald.cli.UsageException} (an IllegalArgumentException) with the
     * reason.
     */
    public static LocalConfig parse(String... args) {
        return Cli.parse(new LocalOptions(), LocalOptions.ENV_PREFIX, Map.of(), args);
    }

    private static void checkPort(String flag, int port) {
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException(flag + " needs a port in 1..65535, not " + port);
        }
    }
}
