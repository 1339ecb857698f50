package io.herald.local;

import io.herald.cli.CommaList;
import io.herald.cli.ConfigOptions;
import io.herald.edge.EdgeConfig;
import io.herald.job.Delivery;
import io.herald.job.SequencerConfig;
import io.herald.job.SequencerOptions;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The options of {@code ./run-local}, each defined once here: parsing, {@code --help} and the
 * tables of README.md and docs/local.md come from these fields. Builds the {@link LocalConfig} the
 * stack receives.
 */
@Command(
        name = "./run-local",
        description = {
            "Herald on this machine, in one JVM: a Kafka broker, the sequencer job on a Flink"
                    + " MiniCluster and WebSocket edges serving the demo page."
        })
public final class LocalOptions implements ConfigOptions<LocalConfig> {

    /** Option {@code --foo-bar} reads {@code HERALD_LOCAL_FOO_BAR}. */
    public static final String ENV_PREFIX = "HERALD_LOCAL";

    /** Edge options the stack sets itself ({@link LocalStack}): not for {@code --edge-option}. */
    static final Set<String> STACK_EDGE_OPTIONS =
            Set.of(
                    "bootstrap-servers",
                    "source-topics",
                    "sequenced-topic",
                    "dead-letter-topic",
                    "static-dir",
                    "port");

    /** Job options the stack sets itself ({@link LocalStack}): not for {@code --job-option}. */
    static final Set<String> STACK_JOB_OPTIONS =
            Set.of(
                    "bootstrap-servers",
                    "source-topics",
                    "sequenced-topic",
                    "dead-letter-topic",
                    "delivery",
                    "checkpoint-dir");

    @Option(
            names = "--kafka-port",
            paramLabel = "N",
            defaultValue = "9092",
            description =
                    "broker port on 127.0.0.1 (the controller uses a free port chosen at each"
                            + " start)")
    int kafkaPort;

    @Option(
            names = "--edge-ports",
            paramLabel = "PORT,...",
            defaultValue = "8081,8082",
            description = "one edge per port, on 127.0.0.1")
    String edgePorts;

    @Option(
            names = "--flink-ui-port",
            paramLabel = "N",
            defaultValue = "8088",
            description = "Flink web UI and REST port on 127.0.0.1")
    int flinkUiPort;

    @Option(
            names = "--data-dir",
            paramLabel = "DIR",
            defaultValue = "local-data",
            description =
                    "Kafka log, Flink checkpoints, served demo files, `local.log` (a relative path"
                            + " is in the repository, whose `.gitignore` has `local-data`)")
    Path dataDir;

    @Option(
            names = "--fresh",
            description = "delete the data folder first: empty topics, no checkpoint to restore")
    boolean fresh;

    @Option(
            names = "--delivery",
            paramLabel = "MODE",
            defaultValue = "low-latency",
            converter = SequencerOptions.DeliveryConverter.class,
            description = "the job's `--delivery`: `low-latency` or `exactly-once`")
    Delivery delivery;

    @Option(
            names = "--edge-option",
            paramLabel = "NAME=VALUE",
            description =
                    "passes `--NAME VALUE` to every edge, e.g. `--edge-option cache-ttl=10m` (any"
                            + " option of docs/edge.md but those the stack sets: the Kafka and"
                            + " topic options, `--port`, `--static-dir`)")
    List<String> edgeOptions = new ArrayList<>();

    @Option(
            names = "--job-option",
            paramLabel = "NAME=VALUE",
            description =
                    "passes `--NAME VALUE` to the sequencer job, e.g. `--job-option"
                            + " checkpoint-interval=500ms` (docs/sequencer.md; the stack sets the"
                            + " Kafka and topic options, `--delivery`, `--checkpoint-dir`)")
    List<String> jobOptions = new ArrayList<>();

    @Option(
            names = "--control-stdin",
            description =
                    "for tests: read `stop-edge PORT` / `start-edge PORT` lines on stdin, answer"
                            + " `edge-stopped PORT` / `edge-started PORT` (or `error: …`); end of"
                            + " input stops the stack")
    boolean controlStdin;

    @Override
    public LocalConfig toConfig() {
        List<String> edgeArgs = passedOn("--edge-option", edgeOptions, STACK_EDGE_OPTIONS);
        List<String> jobArgs = passedOn("--job-option", jobOptions, STACK_JOB_OPTIONS);
        // Fail now, as a usage error, on a name or value the edges or the job would refuse.
        try {
            EdgeConfig.parse(edgeArgs.toArray(String[]::new), Map.of());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--edge-option: " + e.getMessage(), e);
        }
        try {
            SequencerConfig.parse(jobArgs.toArray(String[]::new));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--job-option: " + e.getMessage(), e);
        }
        return new LocalConfig(
                kafkaPort,
                ports(),
                flinkUiPort,
                dataDir,
                fresh,
                delivery.flag(),
                edgeArgs,
                jobArgs,
                controlStdin);
    }

    /** {@code NAME=VALUE} pairs as {@code --NAME VALUE} arguments. */
    private static List<String> passedOn(String flag, List<String> pairs, Set<String> reserved) {
        List<String> args = new ArrayList<>();
        for (String pair : pairs) {
            int eq = pair.indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException(flag + " is NAME=VALUE, not " + pair);
            }
            String name = pair.substring(0, eq);
            if (reserved.contains(name)) {
                throw new IllegalArgumentException(
                        flag + " " + pair + ": the local stack sets --" + name + " itself");
            }
            args.add("--" + name);
            args.add(pair.substring(eq + 1));
        }
        return args;
    }

    private List<Integer> ports() {
        List<Integer> ports = new ArrayList<>();
        for (String port : CommaList.parse("--edge-ports", edgePorts)) {
            try {
                ports.add(Integer.parseInt(port));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("--edge-ports: not a port number: " + port);
            }
        }
        return ports;
    }
}
