package io.herald.savepoints;

import java.io.PrintStream;
import java.util.Arrays;
import java.util.List;
import org.apache.flink.api.common.RuntimeExecutionMode;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.ExecutionOptions;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

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
                    "                                 [--dead-letter-topic NAME] [--group-id ID]"
                            + " [--commit-source-offsets true|false]",
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
                    "  --dead-letter-topic NAME the job's dead-letter topic (messages.dead-letter)",
                    "  --group-id ID            the job's source consumer group (herald-sequencer)",
                    "  --commit-source-offsets true|false  set the group's offsets to just after the"
                            + " last processed source record (true)",
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
        ToolLog.init();
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
            err.println("error: " + describe(e) + ToolLog.hint());
            return 1;
        }
    }

    private void inspect(InspectOptions o) throws Exception {
        Inspection inspection =
                new SavepointInspector(localEnvironment()).inspect(o.path(), o.subjectPrefix());
        out.print(InspectionFormatter.format(inspection, o.format()));
    }

    private void rebuild(RebuildOptions o) throws Exception {
        new RebuildCommand(o, out, err).run(localEnvironment());
    }

    /** The environment the tool runs Flink in: local (in this JVM), batch mode. */
    static StreamExecutionEnvironment localEnvironment() {
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
