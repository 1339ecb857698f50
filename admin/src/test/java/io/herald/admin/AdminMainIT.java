package io.herald.admin;

import static org.assertj.core.api.Assertions.assertThat;

import io.herald.cli.Cli;
import io.herald.testing.EmbeddedKafka;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@code herald-admin topics} against a real broker, as an operator runs it. */
class AdminMainIT {

    @RegisterExtension static final EmbeddedKafka KAFKA = EmbeddedKafka.perClass();

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(Map<String, String> env, String... args) {
        return new AdminMain(
                        new PrintStream(out, true, StandardCharsets.UTF_8),
                        new PrintStream(err, true, StandardCharsets.UTF_8),
                        env)
                .run(args);
    }

    @Test
    void topicsCreatesEachTopicOnceAndSaysSo() throws Exception {
        Map<String, String> env =
                Map.of("HERALD_ADMIN_BOOTSTRAP_SERVERS", KAFKA.bootstrapServers());
        String[] args = {
            "topics",
            "--replication-factor",
            "1",
            "--min-insync-replicas",
            "1",
            "--partitions",
            "4",
            "--source-topics",
            "chat"
        };

        assertThat(run(env, args)).as(err.toString(StandardCharsets.UTF_8)).isZero();
        assertThat(run(env, args)).isZero();

        assertThat(out.toString(StandardCharsets.UTF_8).lines())
                .containsExactly(
                        "created chat partitions=4 replication-factor=1"
                                + " min.insync.replicas=1 retention=PT168H",
                        "created messages.dead-letter partitions=1 replication-factor=1"
                                + " min.insync.replicas=1 retention=PT168H",
                        "created messages.sequenced partitions=4 replication-factor=1"
                                + " min.insync.replicas=1 retention=PT168H",
                        "exists  chat partitions=4 replication-factor=1"
                                + " min.insync.replicas=1 retention=PT168H",
                        "exists  messages.dead-letter partitions=1 replication-factor=1"
                                + " min.insync.replicas=1 retention=PT168H",
                        "exists  messages.sequenced partitions=4 replication-factor=1"
                                + " min.insync.replicas=1 retention=PT168H");
        try (Admin admin = KAFKA.admin()) {
            assertThat(admin.listTopics().names().get())
                    .contains("messages.sequenced", "messages.dead-letter", "chat");
            assertThat(
                            admin.describeTopics(List.of("messages.sequenced"))
                                    .allTopicNames()
                                    .get()
                                    .get("messages.sequenced")
                                    .partitions())
                    .hasSize(4);
        }
    }

    @Test
    void aMinimumAboveTheReplicationIsAUsageError() {
        assertThat(run(Map.of(), "topics", "--replication-factor", "1")).isEqualTo(Cli.EXIT_USAGE);
        assertThat(err.toString(StandardCharsets.UTF_8))
                .startsWith(
                        "herald-admin topics: min.insync.replicas must be between 1 and the"
                                + " replication factor (1)");
    }
}
