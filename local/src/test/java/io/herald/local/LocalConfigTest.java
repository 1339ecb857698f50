package io.herald.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.herald.cli.Cli;
import io.herald.cli.UsageException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LocalConfigTest {

    @Test
    void defaultsAreTheDocumentedLocalAddressesAndLowLatency() {
        LocalConfig c = LocalConfig.parse();
        assertThat(c.kafkaPort()).isEqualTo(9092);
        assertThat(c.edgePorts()).containsExactly(8081, 8082);
        assertThat(c.flinkUiPort()).isEqualTo(8088);
        assertThat(c.dataDir()).isEqualTo(Path.of("local-data"));
        assertThat(c.fresh()).isFalse();
        assertThat(c.delivery()).isEqualTo("low-latency");
        assertThat(c.edgeOptions()).isEmpty();
        assertThat(c.jobOptions()).isEmpty();
        assertThat(c.controlStdin()).isFalse();
    }

    @Test
    void parsesEveryOptionInBothSpellings() {
        LocalConfig c =
                LocalConfig.parse(
                        "--kafka-port=19092",
                        "--edge-ports",
                        "9001, 9002,9003",
                        "--flink-ui-port",
                        "9088",
                        "--data-dir=/var/herald/x",
                        "--fresh",
                        "--delivery",
                        "exactly-once",
                        "--edge-option",
                        "cache-max-messages=5",
                        "--job-option=checkpoint-interval=200ms",
                        "--control-stdin");
        assertThat(c.kafkaPort()).isEqualTo(19092);
        assertThat(c.edgePorts()).containsExactly(9001, 9002, 9003);
        assertThat(c.flinkUiPort()).isEqualTo(9088);
        assertThat(c.dataDir()).isEqualTo(Path.of("/var/herald/x"));
        assertThat(c.fresh()).isTrue();
        assertThat(c.delivery()).isEqualTo("exactly-once");
        assertThat(c.edgeOptions()).isEqualTo(List.of("--cache-max-messages", "5"));
        assertThat(c.jobOptions()).isEqualTo(List.of("--checkpoint-interval", "200ms"));
        assertThat(c.controlStdin()).isTrue();
    }

    @Test
    void edgeAndJobOptionsRepeatAndKeepTheirOrder() {
        LocalConfig c =
                LocalConfig.parse(
                        "--edge-option", "cache-ttl=10m",
                        "--edge-option", "host=0.0.0.0",
                        "--job-option", "parallelism=1",
                        "--job-option", "transaction-timeout=1min");
        assertThat(c.edgeOptions()).containsExactly("--cache-ttl", "10m", "--host", "0.0.0.0");
        assertThat(c.jobOptions())
                .containsExactly("--parallelism", "1", "--transaction-timeout", "1min");
    }

    @Test
    void theEnvironmentGivesDefaultsThatFlagsOverride() {
        LocalConfig c =
                Cli.parse(
                        new LocalOptions(),
                        LocalOptions.ENV_PREFIX,
                        Map.of(
                                "HERALD_LOCAL_KAFKA_PORT", "19092",
                                "HERALD_LOCAL_FRESH", "true",
                                "HERALD_LOCAL_DELIVERY", "exactly-once"),
                        "--delivery",
                        "low-latency");
        assertThat(c.kafkaPort()).isEqualTo(19092);
        assertThat(c.fresh()).isTrue();
        assertThat(c.delivery()).isEqualTo("low-latency");
    }

    @Test
    void rejectsBadInputNamingTheOption() {
        assertThatThrownBy(() -> LocalConfig.parse("--kafka-port", "x"))
                .isInstanceOf(UsageException.class)
                .hasMessageContaining("'--kafka-port'");
        assertThatThrownBy(() -> LocalConfig.parse("--kafka-port", "1", "--kafka-port", "2"))
                .hasMessageContaining("'--kafka-port'")
                .hasMessageContaining("only once");
        assertThatThrownBy(() -> LocalConfig.parse("--fresh", "--fresh"))
                .hasMessageContaining("only once");
        assertThatThrownBy(() -> LocalConfig.parse("--edge-ports", "8081,8081"))
                .hasMessageContaining("twice");
        assertThatThrownBy(() -> LocalConfig.parse("--edge-ports", "0"))
                .hasMessageContaining("--edge-ports");
        assertThatThrownBy(() -> LocalConfig.parse("--edge-ports", "8081,x"))
                .hasMessageContaining("--edge-ports: not a port number: x");
        assertThatThrownBy(() -> LocalConfig.parse("--delivery", "fast"))
                .hasMessageContaining("'--delivery'");
        assertThatThrownBy(() -> LocalConfig.parse("--edge-option", "novalue"))
                .hasMessageContaining("NAME=VALUE");
        assertThatThrownBy(() -> LocalConfig.parse("--data-dir"))
                .hasMessageContaining("'--data-dir'");
        assertThatThrownBy(() -> LocalConfig.parse("--nope")).hasMessageContaining("--nope");
    }

    @Test
    void passedOnOptionsAreCheckedAsTheEdgesAndTheJobWouldCheckThem() {
        assertThatThrownBy(() -> LocalConfig.parse("--edge-option", "cache-ttl=10 minutes"))
                .isInstanceOf(UsageException.class)
                .hasMessageStartingWith("--edge-option: Invalid value for option '--cache-ttl'");
        assertThatThrownBy(() -> LocalConfig.parse("--edge-option", "cache-tll=10m"))
                .hasMessageContaining("--edge-option")
                .hasMessageContaining("'--cache-tll'");
        assertThatThrownBy(
                        () ->
                                LocalConfig.parse(
                                        "--job-option", "parallelism=1",
                                        "--job-option", "parallelism=2"))
                .hasMessageStartingWith("--job-option: ")
                .hasMessageContaining("only once");
        assertThatThrownBy(() -> LocalConfig.parse("--edge-option", "port=9000"))
                .hasMessage("--edge-option port=9000: the local stack sets --port itself");
        assertThatThrownBy(() -> LocalConfig.parse("--job-option", "delivery=exactly-once"))
                .hasMessage(
                        "--job-option delivery=exactly-once: the local stack sets --delivery"
                                + " itself");
    }
}
