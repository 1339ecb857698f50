package io.herald.edge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.herald.cli.UsageException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EdgeConfigTest {

    private static EdgeConfig parse(String... args) {
        return EdgeConfig.parse(args, Map.of());
    }

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
        assertThat(c.cacheMaxBytes()).isEqualTo(256L << 20);
        assertThat(c.maxFrameBytes()).isEqualTo(65536);
        assertThat(c.maxSubjects()).isEqualTo(1000);
        assertThat(c.outboundBufferBytes()).isEqualTo(1 << 20);
        assertThat(c.publishTimeout()).isEqualTo(Duration.ofSeconds(10));
        assertThat(c.maxPendingPublishes()).isEqualTo(10_000);
        assertThat(c.maxRequestsPerSecond()).isEqualTo(1000);
        assertThat(c.pingInterval()).isEqualTo(Duration.ofSeconds(20));
        assertThat(c.idleTimeout()).isEqualTo(Duration.ofSeconds(60));
        assertThat(c.ioThreads()).isZero();
        assertThat(c.staticDir()).isNull();
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
                                "HERALD_EDGE_PUBLISH_TIMEOUT", "1500ms",
                                "HERALD_EDGE_AUTH_HS256_SECRET",
                                        "s3cret-s3cret-s3cret-s3cret-s3cret"));
        assertThat(c.port()).isZero();
        assertThat(c.cacheTtl()).isEqualTo(Duration.ofMinutes(5));
        assertThat(c.sourceTopics()).isEqualTo(List.of("a", "b"));
        assertThat(c.cacheMaxBytes()).isEqualTo(64L << 20);
        assertThat(c.publishTimeout()).isEqualTo(Duration.ofMillis(1500));
        assertThat(c.auth().hs256Secret()).isEqualTo("s3cret-s3cret-s3cret-s3cret-s3cret");
    }

    @Test
    void durationsAndSizesTakeTheSharedGrammar() {
        EdgeConfig c =
                parse(
                        "--cache-ttl", "3min",
                        "--ping-interval", "500ms",
                        "--idle-timeout", "1h",
                        "--max-frame-bytes", "64KiB",
                        "--outbound-buffer-bytes", "4194304",
                        "--cache-max-bytes", "1GiB");
        assertThat(c.cacheTtl()).isEqualTo(Duration.ofMinutes(3));
        assertThat(c.pingInterval()).isEqualTo(Duration.ofMillis(500));
        assertThat(c.idleTimeout()).isEqualTo(Duration.ofHours(1));
        assertThat(c.maxFrameBytes()).isEqualTo(65536);
        assertThat(c.outboundBufferBytes()).isEqualTo(4 << 20);
        assertThat(c.cacheMaxBytes()).isEqualTo(1L << 30);
        assertThatThrownBy(() -> parse("--max-frame-bytes", "2GiB"))
                .hasMessageContaining("'--max-frame-bytes'")
                .hasMessageContaining("too large");
        assertThatThrownBy(() -> parse("--cache-max-bytes", "1TiB"))
                .hasMessageContaining("'--cache-max-bytes'")
                .hasMessageContaining("unknown unit");
        assertThatThrownBy(() -> parse("--cache-ttl", "-5s"))
                .hasMessageContaining("'--cache-ttl'")
                .hasMessageContaining("not a duration");
    }

    @Test
    void anOptionGivenTwiceIsAnError() {
        assertThatThrownBy(() -> parse("--port", "1", "--port", "2"))
                .isInstanceOf(UsageException.class)
                .hasMessageContaining("'--port'")
                .hasMessageContaining("only once");
    }

    @Test
    void emptyOptionalValuesAreUnset() {
        EdgeConfig c =
                EdgeConfig.parse(
                        new String[] {"--static-dir", "", "--auth-rs256-public-key="},
                        Map.of("HERALD_EDGE_AUTH_HS256_SECRET", ""));
        assertThat(c.staticDir()).isNull();
        assertThat(c.auth().enabled()).isFalse();
    }

    @Test
    void filesAreCheckedAtTheStart(@TempDir Path dir) throws Exception {
        Path key = Files.writeString(dir.resolve("key.pem"), "-----BEGIN PUBLIC KEY-----");
        EdgeConfig c =
                parse("--static-dir", dir.toString(), "--auth-rs256-public-key", key.toString());
        assertThat(c.staticDir()).isEqualTo(dir);
        assertThat(c.auth().rs256PublicKey()).isEqualTo(key);
        assertThatThrownBy(() -> parse("--static-dir", key.toString()))
                .hasMessageContaining("--static-dir: not a directory");
        assertThatThrownBy(() -> parse("--auth-rs256-public-key", dir.resolve("no").toString()))
                .hasMessageContaining("--auth-rs256-public-key: cannot read");
    }

    @Test
    void badValuesGetAClearError() {
        assertThatThrownBy(() -> parse("--port", "x"))
                .isInstanceOf(UsageException.class)
                .hasMessageContaining("'--port'");
        assertThatThrownBy(() -> parse("--port", "70000")).hasMessageContaining("port");
        assertThatThrownBy(() -> parse("--cache-ttl", "10"))
                .hasMessageContaining("'--cache-ttl'")
                .hasMessageContaining("500ms");
        assertThatThrownBy(() -> parse("--nope", "1")).hasMessageContaining("'--nope'");
        assertThatThrownBy(() -> parse("--port")).hasMessageContaining("'--port'");
        assertThatThrownBy(() -> parse("--host", " ")).hasMessage("--host must not be empty");
        assertThatThrownBy(() -> parse("--source-topics", "a,,b"))
                .hasMessageContaining("--source-topics: an empty entry");
        assertThatThrownBy(() -> parse("--io-threads", "65")).hasMessageContaining("io-threads");
        assertThatThrownBy(() -> parse("--source-topics", "messages.sequenced"))
                .hasMessageContaining("never be source topics");
        assertThatThrownBy(
                        () ->
                                EdgeConfig.parse(
                                        new String[0], Map.of("HERALD_EDGE_IDLE_TIMEOUT", "5s")))
                .hasMessageContaining("idle-timeout");
    }

    @Test
    void anHs256SecretShorterThan32BytesIsRefusedAtStart() {
        assertThatThrownBy(() -> parse("--auth-hs256-secret", "too-short"))
                .hasMessageContaining("--auth-hs256-secret")
                .hasMessageContaining("9 bytes")
                .hasMessageContaining("at least 32");
    }

    @Test
    void theSecretCanComeFromAFileButNotFromBoth(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("secret");
        Files.writeString(file, "a-secret-read-from-a-file-32-bytes+\n");
        assertThat(parse("--auth-hs256-secret-file", file.toString()).auth().hs256Secret())
                .isEqualTo("a-secret-read-from-a-file-32-bytes+");
        assertThatThrownBy(
                        () ->
                                parse(
                                        "--auth-hs256-secret-file",
                                        file.toString(),
                                        "--auth-hs256-secret",
                                        "a-secret-given-inline-of-32-bytes-or-more"))
                .hasMessageContaining("give one of them");
        assertThatThrownBy(() -> parse("--auth-hs256-secret-file", dir.resolve("no").toString()))
                .hasMessageContaining("--auth-hs256-secret-file: cannot read");
    }

    @Test
    void tokenRulesAndTheAuthTimeoutHaveDefaults() {
        EdgeConfig c = parse("--auth-audience", "herald", "--auth-timeout", "3s");
        assertThat(c.auth().rules().audience()).isEqualTo("herald");
        assertThat(c.auth().rules().issuer()).isNull();
        assertThat(c.auth().rules().leeway()).isEqualTo(Duration.ofSeconds(5));
        assertThat(c.auth().timeout()).isEqualTo(Duration.ofSeconds(3));
        assertThatThrownBy(() -> parse("--auth-timeout", "0s"))
                .hasMessageContaining("auth-timeout");
    }

    @Test
    void theFetchIntervalIsAtMostASecondAndZeroTurnsItOff() {
        assertThat(parse().fetchInterval()).isEqualTo(Duration.ofMillis(5));
        assertThat(parse("--fetch-interval", "0ms").fetchInterval()).isEqualTo(Duration.ZERO);
        assertThat(parse("--fetch-interval", "1s").fetchInterval())
                .isEqualTo(Duration.ofSeconds(1));
        assertThatThrownBy(() -> parse("--fetch-interval", "1001ms"))
                .hasMessageContaining("fetch-interval must be 0..1000ms");
        assertThatThrownBy(() -> parse("--fetch-interval", "-1ms"))
                .hasMessageContaining("fetch-interval");
    }

    @Test
    void theConnectionLimitIsSizedForTheHeapUnlessGiven() {
        assertThat(EdgeConfig.Transport.connectionsForHeap(1L << 30)).isEqualTo(8192);
        assertThat(EdgeConfig.Transport.connectionsForHeap(1L << 20)).isEqualTo(64);
        assertThat(parse().transport().maxConnections())
                .isEqualTo(
                        EdgeConfig.Transport.connectionsForHeap(Runtime.getRuntime().maxMemory()));
        assertThat(parse("--max-connections", "10").transport().maxConnections()).isEqualTo(10);
        assertThatThrownBy(() -> parse("--max-connections", "-1"))
                .hasMessageContaining("max-connections");
    }

    @Test
    void allowedOriginsAreExactOriginsCompared() {
        assertThat(
                        parse("--allowed-origins", "https://App.example.com, http://localhost:8081")
                                .transport()
                                .allowedOrigins())
                .containsExactlyInAnyOrder("https://app.example.com", "http://localhost:8081");
        assertThat(parse().transport().allowedOrigins()).isEmpty();
        assertThatThrownBy(() -> parse("--allowed-origins", "https://app.example.com/"))
                .hasMessageContaining("not an origin");
        assertThatThrownBy(() -> parse("--allowed-origins", "app.example.com"))
                .hasMessageContaining("not an origin");
    }

    @Test
    void tlsNeedsBothFiles(@TempDir Path dir) throws Exception {
        Path cert = Files.writeString(dir.resolve("c.pem"), "x");
        assertThatThrownBy(() -> parse("--tls-cert-file", cert.toString()))
                .hasMessageContaining("go together");
        assertThat(
                        parse("--tls-cert-file", cert.toString(), "--tls-key-file", cert.toString())
                                .transport()
                                .tls())
                .isNotNull();
    }
}
