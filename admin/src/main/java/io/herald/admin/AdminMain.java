package io.herald.admin;

import io.herald.cli.Cli;
import io.herald.cli.UsageException;
import io.herald.kafka.TopicProvisioner;
import io.herald.kafka.TopicSettings;
import java.io.PrintStream;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParseResult;

/**
 * {@code java -jar herald-admin-<version>.jar topics [OPTIONS]}. Exit status: 0 done, 1 failed
 * (Kafka refused or did not answer), 2 bad usage. {@code HERALD_ADMIN_*} variables give the
 * options' defaults.
 */
@Command(
        name = "herald-admin",
        description = "Operations on the Kafka cluster Herald runs on.",
        subcommands = {TopicsOptions.class})
public final class AdminMain {

    /** Option {@code --foo-bar} reads {@code HERALD_ADMIN_FOO_BAR}. */
    public static final String ENV_PREFIX = "HERALD_ADMIN";

    private final PrintStream out;
    private final PrintStream err;
    private final Map<String, String> env;

    public AdminMain(PrintStream out, PrintStream err, Map<String, String> env) {
        this.out = out;
        this.err = err;
        this.env = Map.copyOf(env);
    }

    public static void main(String[] args) {
        if (System.getProperty("log4j2.configurationFile") == null) {
            System.setProperty("log4j2.configurationFile", "herald-admin-log4j2.properties");
        }
        System.exit(new AdminMain(System.out, System.err, System.getenv()).run(args));
    }

    /** The tool's command line, with {@code topics}. */
    public CommandLine commandLine() {
        return Cli.commandLine(this, ENV_PREFIX, env);
    }

    /** Runs one command; returns the exit status. */
    int run(String... args) {
        CommandLine tool = commandLine();
        CommandLine command = tool;
        try {
            ParseResult parsed = Cli.parseArgs(tool, args);
            if (parsed.subcommand() != null) {
                parsed = parsed.subcommand();
                command = parsed.commandSpec().commandLine();
            }
            if (parsed.isUsageHelpRequested()) {
                out.print(command.getUsageMessage());
                return 0;
            }
            if (!(parsed.commandSpec().userObject() instanceof TopicsOptions topics)) {
                err.print(tool.getUsageMessage());
                return Cli.EXIT_USAGE;
            }
            topics(Cli.build(topics));
            return 0;
        } catch (UsageException e) {
            Cli.printUsageError(err, command.getCommandSpec().qualifiedName(), e);
            return Cli.EXIT_USAGE;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            err.println("error: interrupted");
            return 1;
        } catch (RuntimeException e) {
            err.println("error: " + e.getMessage());
            return 1;
        }
    }

    private void topics(TopicsConfig c) throws InterruptedException {
        Map<String, Object> settings = new HashMap<>();
        settings.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, c.bootstrapServers());
        settings.put(AdminClientConfig.CLIENT_ID_CONFIG, "herald-admin");
        settings.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 30_000);
        try (Admin admin = Admin.create(c.clientFile().apply(settings))) {
            Map<String, TopicProvisioner.Outcome> outcomes =
                    new TopicProvisioner(admin).ensure(new TreeMap<>(c.topics()));
            outcomes.forEach(
                    (topic, outcome) -> {
                        TopicSettings s = c.topics().get(topic);
                        out.printf(
                                "%s %s partitions=%d replication-factor=%d"
                                        + " min.insync.replicas=%d retention=%s%n",
                                outcome == TopicProvisioner.Outcome.CREATED ? "created" : "exists ",
                                topic,
                                s.partitions(),
                                s.replicationFactor(),
                                s.minInsyncReplicas(),
                                s.retention());
                    });
        }
    }
}
