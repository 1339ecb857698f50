package io.herald.local;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The local stack's options, parsed once from the command line of {@code ./run-local}.
 *
 * @param kafkaPort broker port on 127.0.0.1 (default 9092)
 * @param edgePorts one edge per port on 127.0.0.1 (default 8081,8082)
 * @param flinkUiPort Flink web UI and REST port on 127.0.0.1 (default 8088)
 * @param dataDir Kafka log, Flink checkpoints and the served demo files (default ./local-data)
 * @param fresh wipe {@code dataDir} before starting (default false: reuse it)
 * @param delivery the sequencer's delivery mode (default low-latency, see docs/local.md)
 * @param edgeOptions extra {@code --name value} pairs given to every edge (default none)
 * @param jobOptions extra {@code --name value} pairs given to the sequencer job (default none)
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

    static final String USAGE =
            String.join(
                    "\n",
                    "Usage: ./run-local [options]",
                    "  --kafka-port N          Kafka broker port on 127.0.0.1 (default 9092)",
                    "  --edge-ports A,B,...    one WebSocket edge per port (default 8081,8082)",
                    "  --flink-ui-port N       Flink web UI port (default 8088)",
                    "  --data-dir DIR          Kafka log, checkpoints, demo files (default ./local-data)",
                    "  --fresh                 wipe the data folder first",
                    "  --delivery MODE         low-latency (default) or exactly-once",
                    "  --edge-option NAME=V    pass --NAME V to every edge (repeatable)",
                    "  --job-option NAME=V     pass --NAME V to the sequencer job (repeatable)",
                    "  --control-stdin         accept 'stop-edge PORT' / 'start-edge PORT' on stdin",
                    "  --help                  this text");

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

    /** Parses {@code --name value} and {@code --name=value} options; throws with the reason. */
    public static LocalConfig parse(String... args) {
        int kafkaPort = 9092;
        List<Integer> edgePorts = List.of(8081, 8082);
        int flinkUiPort = 8088;
        Path dataDir = Path.of("local-data");
        boolean fresh = false;
        String delivery = "low-latency";
        List<String> edgeOptions = new ArrayList<>();
        List<String> jobOptions = new ArrayList<>();
        boolean controlStdin = false;
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            String name = arg.contains("=") ? arg.substring(0, arg.indexOf('=')) : arg;
            boolean inline = arg.contains("=");
            switch (name) {
                case "--fresh" -> fresh = true;
                case "--control-stdin" -> controlStdin = true;
                case "--kafka-port",
                        "--edge-ports",
                        "--flink-ui-port",
                        "--data-dir",
                        "--delivery",
                        "--edge-option",
                        "--job-option" -> {
                    String value;
                    if (inline) {
                        value = arg.substring(arg.indexOf('=') + 1);
                    } else if (i + 1 < args.length) {
                        value = args[++i];
                    } else {
                        throw new IllegalArgumentException(name + " needs a value");
                    }
                    switch (name) {
                        case "--kafka-port" -> kafkaPort = integer(name, value);
                        case "--edge-ports" -> edgePorts = ports(value);
                        case "--flink-ui-port" -> flinkUiPort = integer(name, value);
                        case "--data-dir" -> dataDir = Path.of(value);
                        case "--delivery" -> delivery = value;
                        case "--edge-option" -> edgeOptions.addAll(option(name, value));
                        default -> jobOptions.addAll(option(name, value));
                    }
                }
                default -> throw new IllegalArgumentException("unknown option " + arg);
            }
        }
        return new LocalConfig(
                kafkaPort,
                edgePorts,
                flinkUiPort,
                dataDir,
                fresh,
                delivery,
                edgeOptions,
                jobOptions,
                controlStdin);
    }

    private static List<String> option(String flag, String value) {
        int eq = value.indexOf('=');
        if (eq <= 0) {
            throw new IllegalArgumentException(flag + " is NAME=VALUE, not " + value);
        }
        return List.of("--" + value.substring(0, eq), value.substring(eq + 1));
    }

    private static List<Integer> ports(String value) {
        List<Integer> ports = new ArrayList<>();
        for (String part : value.split(",", -1)) {
            ports.add(integer("--edge-ports", part.trim()));
        }
        return ports;
    }

    private static int integer(String flag, String value) {
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(flag + " needs a number, not " + value);
        }
    }

    private static void checkPort(String flag, int port) {
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException(flag + " needs a port in 1..65535, not " + port);
        }
    }
}
