package io.herald.edge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EdgeConfigTest {
    @Test
    void defaultsWorkAgainstTheLocalStack() {
        EdgeConfig c = EdgeConfig.defaults();
        assertThat(c.bootstrapServers()).isEqualTo("127.0.0.1:9092");
        assertThat(c.host()).isEqualTo("127.0.0.1");
        assertThat(c.port()).isEqualTo(8081);
        assertThat(c.sequencedTopic()).isEqualTo("messages.sequenced");
        assertThat(c.deadLetterTopic()).isEqualTo("messages.dead-letter");
        assertThat(c.sourceTopics()).containsExactly("demo");
        assertThat(c.cacheTtl()).isEqualTo(Duration.ofSeconds(180));
        assertThat(c.cacheMaxMessages()).isEqualTo(1000);
        assertThat(c.maxFrameBytes()).isEqualTo(65536);
        assertThat(c.pingInterval()).isEqualTo(Duration.ofSeconds(20));
        assertThat(c.idleTimeout()).isEqualTo(Duration.ofSeconds(60));
        assertThat(c.auth().enabled()).isFalse();
        assertThat(c.faultDropEvery()).isZero();
    }

    @Test
    void flagsOverrideEnvironmentOverrideDefaults() {
        EdgeConfig c =
                EdgeConfig.parse(
                        new String[] {"--port", "0", "--cache-ttl=5m", "--source-topics", "a, b"},
                        Map.of(
                                "HERALD_EDGE_PORT", "9999",
                                "HERALD_EDGE_CACHE_MAX_BYTES", "64MiB",
                                "HERALD_EDGE_PUBLISH_TIMEOUT", "1500ms"));
        assertThat(c.port()).isZero();
        assertThat(c.cacheTtl()).isEqualTo(Duration.ofMinutes(5));
        assertThat(c.sourceTopics()).isEqualTo(List.of("a", "b"));
        assertThat(c.cacheMaxBytes()).isEqualTo(64L << 20);
        assertThat(c.publishTimeout()).isEqualTo(Duration.ofMillis(1500));
    }

    @Test
    void badValuesGetAClearError() {
        assertThatThrownBy(() -> EdgeConfig.parse(new String[] {"--port", "x"}, Map.of()))
                .hasMessageContaining("--port");
        assertThatThrownBy(() -> EdgeConfig.parse(new String[] {"--cache-ttl", "10"}, Map.of()))
                .hasMessageContaining("--cache-ttl")
                .hasMessageContaining("20s");
        assertThatThrownBy(() -> EdgeConfig.parse(new String[] {"--nope", "1"}, Map.of()))
                .hasMessageContaining("unknown option --nope");
        assertThatThrownBy(() -> EdgeConfig.parse(new String[] {"--port"}, Map.of()))
                .hasMessageContaining("needs a value");
        assertThatThrownBy(
                        () ->
                                EdgeConfig.parse(
                                        new String[] {"--source-topics", "messages.sequenced"},
                                        Map.of()))
                .hasMessageContaining("never be source topics");
        assertThatThrownBy(
                        () ->
                                EdgeConfig.parse(
                                        new String[0], Map.of("HERALD_EDGE_IDLE_TIMEOUT", "5s")))
                .hasMessageContaining("idle-timeout");
    }
}
