package io.herald.admin;

import io.herald.cli.Cli;
import io.herald.cli.Subcommands;
import io.herald.kafka.KafkaAdmins;
import io.herald.kafka.TopicProvisioner;
import io.herald.kafka.TopicSettings;
import java.io.PrintStream;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.clients.admin.Admin;
import picocli.CommandLine;
import picocli.CommandLine.Command;

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

    /** How long a call to Kafka may take. */
    static final Duration TIMEOUT = Duration.ofSeconds(30);

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
        return new Subcommands() {
            @Override
            protected boolean dispatch(Object options) throws InterruptedException {
                if (!(options instanceof TopicsOptions topics)) {
                    return false;
                }
                topics(Cli.build(topics));
                return true;
            }
        }.run(commandLine(), out, err, args);
    }

    private void topics(TopicsConfig c) throws InterruptedException {
        try (Admin admin =
                KafkaAdmins.create(c.bootstrapServers(), c.clientFile(), "herald-admin", TIMEOUT)) {
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
