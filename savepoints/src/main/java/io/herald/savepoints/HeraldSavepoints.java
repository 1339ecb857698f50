package io.herald.savepoints;

import io.herald.wire.Position;
import java.io.PrintStream;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeoutException;
import org.apache.flink.api.common.RuntimeExecutionMode;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.ExecutionOptions;
import org.apache.flink.core.fs.FileSystem;
import org.apache.flink.core.fs.Path;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.clients.consumer.KafkaConsumer;

/**
 * The savepoint tool's command line: {@code inspect} prints the sequencer's state in a savepoint or
 * retained checkpoint; {@code rebuild} writes a new savepoint from the sequenced topic when the
 * job's state is lost. Runs Flink locally, inside this JVM. Exit status: 0 done, 1 failed, 2 bad
 * usage.
 */
public final class HeraldSavepoints {

    static final String USAGE =
            String.join(
                    System.lineSeparator(),
                    "Usage: herald-savepoints inspect --path PATH [--format table|json]"
                            + " [--subject-prefix PREFIX]",
                    "       herald-savepoints rebuild --output PATH [--bootstrap-servers HOST:PORT]"
                            + " [--sequenced-topic NAME]",
                    "                                 [--max-parallelism N]"
                            + " [--read-timeout-seconds S]",
                    "",
                    "inspect  reads the sequencer's state (uid sequencer) in a savepoint or retained"
                            + " checkpoint",
                    "  --path PATH              the directory holding _metadata (file:///..., or a"
                            + " local path)",
                    "  --format table|json      output format (table)",
                    "  --subject-prefix PREFIX  only subjects starting with PREFIX (all)",
                    "rebuild  writes a new savepoint from the sequenced topic (stop the job first)",
                    "  --output PATH            the new savepoint's directory; must not exist",
                    "  --bootstrap-servers H:P  Kafka brokers (localhost:9092)",
                    "  --sequenced-topic NAME   the job's output topic (messages.sequenced)",
                    "  --max-parallelism N      must equal the job's max parallelism ("
                            + RebuildOptions.DEFAULT_MAX_PARALLELISM
                            + ")",
                    "  --read-timeout-seconds S give up reading the topic after S seconds (120)");

    private final PrintStream out;
    private final PrintStream err;

    HeraldSavepoints(PrintStream out, PrintStream err) {
        this.out = out;
        this.err = err;
    }

    public static void main(String[] args) {
        System.exit(new HeraldSavepoints(System.out, System.err).run(args));
    }

    /** Runs one command; returns the exit status. */
    int run(String... args) {
        if (args.length == 0 || args[0].equals("--help") || args[0].equals("help")) {
            (args.length == 0 ? err : out).println(USAGE);
            return args.length == 0 ? 2 : 0;
        }
        List<String> rest = Arrays.asList(args).subList(1, args.length);
        try {
            switch (args[0]) {
                case "inspect" -> inspect(InspectOptions.parse(rest));
                case "rebuild" -> rebuild(RebuildOptions.parse(rest));
                default -> throw new UsageException("unknown command '" + args[0] + "'");
            }
            return 0;
        } catch (UsageException e) {
            err.println("error: " + e.getMessage());
            err.println(USAGE);
            return 2;
        } catch (Exception e) {
            err.println("error: " + describe(e));
            return 1;
        }
    }

    private void inspect(InspectOptions o) throws Exception {
        Inspection inspection =
                new SavepointInspector(localEnvironment()).inspect(o.path(), o.subjectPrefix());
        out.print(InspectionFormatter.format(inspection, o.format()));
    }

    private void rebuild(RebuildOptions o) throws Exception {
        Path output = new Path(o.output());
        if (FileSystem.get(output.toUri()).exists(output)) {
            throw new IllegalArgumentException(
                    "--output " + o.output() + " exists: choose a new directory");
        }
        TopicScan scan;
        try (KafkaConsumer<byte[], byte[]> consumer =
                SequencedTopicScanner.consumer(o.bootstrapServers())) {
            scan = SequencedTopicScanner.scan(consumer, o.sequencedTopic(), o.readTimeout());
        } catch (TimeoutException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
        out.printf(
                "read %d committed records of %s: %d subjects, highest epoch %s%n",
                scan.records(),
                o.sequencedTopic(),
                scan.lastPositions().size(),
                scan.highestEpoch().isPresent() ? scan.highestEpoch().getAsLong() : "none");
        if (scan.rejected() > 0) {
            err.printf(
                    "warning: %d records break the sequenced-record contract and carry no"
                            + " position; first: %s%n",
                    scan.rejected(), scan.firstRejection());
        }
        if (scan.lastPositions().isEmpty()) {
            throw new IllegalStateException(
                    o.sequencedTopic()
                            + " holds no committed sequenced record: there is no state to"
                            + " rebuild; start the job without a savepoint");
        }
        long epoch =
                new SavepointRebuilder(localEnvironment())
                        .write(scan.lastPositions(), o.output(), o.maxParallelism());
        Position example = scan.lastPositions().values().iterator().next();
        out.printf(
                "wrote savepoint %s: %d subjects, max parallelism %d, issued epoch %d%n",
                o.output(), scan.lastPositions().size(), o.maxParallelism(), epoch);
        out.printf(
                "restore the job from it: every subject continues in an epoch above %d"
                        + " (e.g. after %s)%n",
                epoch, example);
    }

    private static StreamExecutionEnvironment localEnvironment() {
        Configuration conf = new Configuration();
        conf.set(ExecutionOptions.RUNTIME_MODE, RuntimeExecutionMode.BATCH);
        return StreamExecutionEnvironment.getExecutionEnvironment(conf);
    }

    private static String describe(Throwable e) {
        StringBuilder s = new StringBuilder(String.valueOf(e.getMessage()));
        for (Throwable c = e.getCause(); c != null && c != c.getCause(); c = c.getCause()) {
            if (c.getMessage() != null && !s.toString().contains(c.getMessage())) {
                s.append(": ").append(c.getMessage());
            }
        }
        return s.toString();
    }
}
