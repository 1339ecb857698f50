package io.herald.savepoints;

import io.herald.cli.Cli;
import io.herald.cli.Subcommands;
import java.io.PrintStream;
import java.util.Map;
import org.apache.flink.api.common.RuntimeExecutionMode;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.ExecutionOptions;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The savepoint tool's command line: {@code inspect} prints the sequencer's state in a savepoint or
 * retained checkpoint; {@code rebuild} writes a new savepoint from the sequenced topic when the
 * job's state is lost. Runs Flink locally, inside this JVM. Exit status: 0 done, 1 failed, 2 bad
 * usage. The options of each command are defined once, in {@link InspectOptions} and {@link
 * RebuildOptions}; {@code HERALD_SAVEPOINTS_*} variables give their defaults.
 */
@Command(
        name = "herald-savepoints",
        description = "Reads or rebuilds the Herald sequencer's state.",
        subcommands = {InspectOptions.class, RebuildOptions.class})
public final class HeraldSavepoints {

    /** Option {@code --foo-bar} of either command reads {@code HERALD_SAVEPOINTS_FOO_BAR}. */
    public static final String ENV_PREFIX = "HERALD_SAVEPOINTS";

    private final PrintStream out;
    private final PrintStream err;
    private final Map<String, String> env;

    HeraldSavepoints(PrintStream out, PrintStream err, Map<String, String> env) {
        this.out = out;
        this.err = err;
        this.env = Map.copyOf(env);
    }

    /**
     * The system property that keeps Pekko, under Flink's RPC, from registering JVM shutdown hooks.
     */
    static final String PEKKO_JVM_SHUTDOWN_HOOKS = "pekko.jvm-shutdown-hooks";

    public static void main(String[] args) {
        initProcess();
        System.exit(new HeraldSavepoints(System.out, System.err, System.getenv()).run(args));
    }

    /**
     * What the tool's JVM needs before Flink starts: its log file, and no Pekko JVM shutdown hooks.
     * Flink's local cluster closes its RPC actor systems asynchronously after a job, and Pekko
     * registers a JVM shutdown hook while an actor system terminates; when the tool exited in that
     * window, the hook ran after Flink had closed the class loader Pekko comes from and printed a
     * {@code NoClassDefFoundError} on stderr. Flink terminates its actor systems itself, so the
     * hooks only ever ran at such an exit.
     */
    static void initProcess() {
        ToolLog.init();
        System.setProperty(PEKKO_JVM_SHUTDOWN_HOOKS, "off");
    }

    /** The tool's command line, with {@code inspect} and {@code rebuild}. */
    CommandLine commandLine() {
        return Cli.commandLine(this, ENV_PREFIX, env);
    }

    /** Runs one command; returns the exit status. */
    int run(String... args) {
        return new Subcommands() {
            @Override
            protected boolean dispatch(Object options) throws Exception {
                if (options instanceof InspectOptions inspect) {
                    inspect(Cli.build(inspect));
                } else if (options instanceof RebuildOptions rebuild) {
                    rebuild(Cli.build(rebuild));
                } else {
                    return false;
                }
                return true;
            }

            @Override
            protected String describe(Exception e) {
                return HeraldSavepoints.describe(e) + ToolLog.hint();
            }
        }.run(commandLine(), out, err, args);
    }

    private void inspect(InspectConfig o) throws Exception {
        Inspection inspection =
                new SavepointInspector(localEnvironment()).inspect(o.path(), o.subjectPrefix());
        out.print(InspectionFormatter.format(inspection, o.format()));
    }

    private void rebuild(RebuildConfig o) throws Exception {
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
