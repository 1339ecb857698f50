package io.herald.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
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
    void rejectsBadInputNamingTheOption() {
        assertThatThrownBy(() -> LocalConfig.parse("--kafka-port", "x"))
                .hasMessageContaining("--kafka-port");
        assertThatThrownBy(() -> LocalConfig.parse("--edge-ports", "8081,8081"))
                .hasMessageContaining("twice");
        assertThatThrownBy(() -> LocalConfig.parse("--edge-ports", "0"))
                .hasMessageContaining("--edge-ports");
        assertThatThrownBy(() -> LocalConfig.parse("--delivery", "fast"))
                .hasMessageContaining("--delivery");
        assertThatThrownBy(() -> LocalConfig.parse("--edge-option", "novalue"))
                .hasMessageContaining("NAME=VALUE");
        assertThatThrownBy(() -> LocalConfig.parse("--data-dir"))
                .hasMessageContaining("needs a value");
        assertThatThrownBy(() -> LocalConfig.parse("--nope")).hasMessageContaining("--nope");
    }
}
