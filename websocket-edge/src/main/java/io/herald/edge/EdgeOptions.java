package io.herald.edge;

import io.herald.cli.CommaList;
import io.herald.cli.ConfigOptions;
import io.herald.cli.Sizes;
import io.herald.kafka.KafkaClientFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The edge's options, each defined once here: parsing, {@code --help} and the table of docs/edge.md
 * come from these fields. Builds the {@link EdgeConfig} the rest of the edge receives.
 */
@Command(
        name = "herald-edge",
        description = {
            "The Herald WebSocket edge: reads the sequenced topic, caches it per subject and serves"
                    + " WebSocket clients.",
            "Run: java -jar herald-websocket-edge-<version>.jar [OPTIONS]"
        })
public final class EdgeOptions implements ConfigOptions<EdgeConfig> {

    /** Option {@code --foo-bar} reads {@code HERALD_EDGE_FOO_BAR}. */
    public static final String ENV_PREFIX = "HERALD_EDGE";

    @Option(
            names = "--bootstrap-servers",
            paramLabel = "HOST:PORT,...",
            defaultValue = "127.0.0.1:9092",
            description = "Kafka bootstrap servers")
    String bootstrapServers;

    @Option(
            names = "--kafka-config",
            paramLabel = "FILE",
            description =
                    "Kafka client properties (`security.protocol`, SASL, SSL) for every Kafka"
                            + " client of the edge; secrets stay in the file (docs/deploy.md)")
    String kafkaConfig;

    @Option(
            names = "--host",
            paramLabel = "ADDRESS",
            defaultValue = "127.0.0.1",
            description = "bind address")
    String host;

    @Option(
            names = "--port",
            paramLabel = "N",
            defaultValue = "8081",
            description = "WebSocket/HTTP port (`0` = any free port)")
    int port;

    @Option(
            names = "--sequenced-topic",
            paramLabel = "TOPIC",
            defaultValue = "messages.sequenced",
            description = "topic the edge reads")
    String sequencedTopic;

    @Option(
            names = "--dead-letter-topic",
            paramLabel = "TOPIC",
            defaultValue = "messages.dead-letter",
            description = "the sequencer's dead-letter topic, never publishable")
    String deadLetterTopic;

    @Option(
            names = "--source-topics",
            paramLabel = "TOPIC,...",
            defaultValue = "demo",
            description = "comma-separated topics clients may publish to")
    String sourceTopics;

    @Option(
            names = "--cache-ttl",
            paramLabel = "DURATION",
            defaultValue = "180s",
            description = "cache age limit (the resume window)")
    Duration cacheTtl;

    @Option(
            names = "--cache-max-messages",
            paramLabel = "N",
            defaultValue = "1000",
            description = "messages cached per subject")
    int cacheMaxMessages;

    @Option(
            names = "--cache-max-bytes",
            paramLabel = "SIZE",
            defaultValue = "256MiB",
            converter = Sizes.Bytes.class,
            description = "cache budget of the edge")
    long cacheMaxBytes;

    @Option(
            names = "--max-staleness",
            paramLabel = "DURATION",
            defaultValue = "10s",
            description =
                    "once not proven caught up with the sequenced topic for this long (Kafka"
                            + " unreachable), `/healthz` answers 503 and upgrades are refused;"
                            + " at least `2s`")
    Duration maxStaleness;

    @Option(
            names = "--max-frame-bytes",
            paramLabel = "SIZE",
            defaultValue = "65536",
            converter = Sizes.IntBytes.class,
            description = "largest inbound message (close 1009)")
    int maxFrameBytes;

    @Option(
            names = "--max-subjects",
            paramLabel = "N",
            defaultValue = "1000",
            description = "subjects per connection")
    int maxSubjects;

    @Option(
            names = "--outbound-buffer-bytes",
            paramLabel = "SIZE",
            defaultValue = "1MiB",
            converter = Sizes.IntBytes.class,
            description = "per-connection outbound limit (close 4008)")
    int outboundBufferBytes;

    @Option(
            names = "--publish-timeout",
            paramLabel = "DURATION",
            defaultValue = "10s",
            description = "wait for the sequenced record before `PUBLISH_TIMEOUT`")
    Duration publishTimeout;

    @Option(
            names = "--max-pending-publishes",
            paramLabel = "N",
            defaultValue = "100",
            description = "unacknowledged publishes per connection")
    int maxPendingPublishes;

    @Option(
            names = "--max-requests-per-second",
            paramLabel = "N",
            defaultValue = "1000",
            description = "inbound frames per second per connection (bursts of 2×; close 4029)")
    int maxRequestsPerSecond;

    @Option(
            names = "--ping-interval",
            paramLabel = "DURATION",
            defaultValue = "20s",
            description = "ping after this long without inbound traffic")
    Duration pingInterval;

    @Option(
            names = "--idle-timeout",
            paramLabel = "DURATION",
            defaultValue = "60s",
            description = "close a connection silent this long (above `--ping-interval`)")
    Duration idleTimeout;

    @Option(
            names = "--http-request-timeout",
            paramLabel = "DURATION",
            defaultValue = "10s",
            description =
                    "close a connection that sends no complete HTTP request (or WebSocket upgrade)"
                            + " this long after opening or after its last request")
    Duration httpRequestTimeout;

    @Option(
            names = "--io-threads",
            paramLabel = "N",
            defaultValue = "0",
            description = "event loop threads (`0` = one per core; at most 64)")
    int ioThreads;

    @Option(names = "--static-dir", paramLabel = "DIR", description = "serve this directory at `/`")
    String staticDir;

    @Option(
            names = "--auth-hs256-secret",
            paramLabel = "SECRET",
            description = "enables auth: HS256 shared secret")
    String authHs256Secret;

    @Option(
            names = "--auth-rs256-public-key",
            paramLabel = "PEM-FILE",
            description = "enables auth: RS256 public key (PEM file)")
    String authRs256PublicKey;

    @Option(
            names = "--fault-drop-every",
            paramLabel = "N",
            defaultValue = "0",
            description =
                    "**test only**: drop every Nth live delivery (`0` = off; the failover suite's"
                            + " self-check)")
    int faultDropEvery;

    @Override
    public EdgeConfig toConfig() {
        Path rsaKey = optionalPath(authRs256PublicKey);
        if (rsaKey != null && !Files.isReadable(rsaKey)) {
            throw new IllegalArgumentException(
                    "--auth-rs256-public-key: cannot read " + rsaKey.toAbsolutePath());
        }
        Path staticRoot = optionalPath(staticDir);
        if (staticRoot != null && !Files.isDirectory(staticRoot)) {
            throw new IllegalArgumentException(
                    "--static-dir: not a directory: " + staticRoot.toAbsolutePath());
        }
        return new EdgeConfig(
                nonBlank("--bootstrap-servers", bootstrapServers),
                KafkaClientFile.loadOrNone(optionalPath(kafkaConfig)),
                nonBlank("--host", host),
                port,
                nonBlank("--sequenced-topic", sequencedTopic),
                nonBlank("--dead-letter-topic", deadLetterTopic),
                CommaList.parse("--source-topics", sourceTopics),
                cacheTtl,
                cacheMaxMessages,
                cacheMaxBytes,
                maxStaleness,
                maxFrameBytes,
                maxSubjects,
                outboundBufferBytes,
                publishTimeout,
                maxPendingPublishes,
                maxRequestsPerSecond,
                pingInterval,
                idleTimeout,
                httpRequestTimeout,
                ioThreads,
                staticRoot,
                new EdgeConfig.AuthConfig(unsetIfBlank(authHs256Secret), rsaKey),
                faultDropEvery);
    }

    /** An optional option given as an empty string is unset, as it was never given. */
    private static String unsetIfBlank(String value) {
        return value == null || value.isBlank() ? null : value;
    }

    private static Path optionalPath(String value) {
        return unsetIfBlank(value) == null ? null : Path.of(value);
    }

    private static String nonBlank(String option, String value) {
        if (value.isBlank()) {
            throw new IllegalArgumentException(option + " must not be empty");
        }
        return value;
    }
}
