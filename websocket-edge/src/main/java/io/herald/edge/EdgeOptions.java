package io.herald.edge;

import io.herald.cli.CommaList;
import io.herald.cli.ConfigOptions;
import io.herald.cli.Sizes;
import io.herald.edge.auth.TokenRules;
import io.herald.edge.deep.DeepRecoveryLimits;
import io.herald.edge.server.TlsFiles;
import io.herald.kafka.KafkaClientFile;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
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
            names = "--deep-recovery-consumers",
            paramLabel = "N",
            defaultValue = "2",
            description =
                    "dedicated Kafka consumers that serve resumes the cache no longer covers from"
                            + " the sequenced topic (deep recovery); 0 = off (such resumes are"
                            + " `partial`)")
    int deepRecoveryConsumers;

    @Option(
            names = "--max-deep-recoveries",
            paramLabel = "N",
            defaultValue = "64",
            description =
                    "reads of the sequenced topic queued or running at once; resumes of a subject"
                            + " waiting for the same read share it; beyond, a resume is `partial`")
    int maxDeepRecoveries;

    @Option(
            names = "--deep-recovery-max-messages",
            paramLabel = "N",
            defaultValue = "100000",
            description =
                    "messages of a subject one deep recovery reads from Kafka before the cache"
                            + " takes over; a resume further back is `partial`")
    int deepRecoveryMaxMessages;

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
            names = "--fetch-interval",
            paramLabel = "DURATION",
            defaultValue = "5ms",
            description =
                    "while messages flow, the edge fetches from the sequenced topic at most once"
                            + " per interval (one hand-off per event loop per fetch); a message"
                            + " then waits up to about twice this. Idle, a fetch waits in the"
                            + " broker and returns the next message at once. `0ms` fetches as"
                            + " records come (more CPU); at most `1s`")
    Duration fetchInterval;

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
            defaultValue = "10000",
            description =
                    "unacknowledged publishes per connection (`OVERLOADED` beyond); in"
                            + " exactly-once mode an ack waits for a checkpoint, so a publisher"
                            + " needs its rate × the checkpoint interval")
    int maxPendingPublishes;

    @Option(
            names = "--max-requests-per-second",
            paramLabel = "N",
            defaultValue = "1000",
            description = "inbound frames per second per connection (bursts of 2×; close 4029)")
    int maxRequestsPerSecond;

    @Option(
            names = "--max-publish-subjects-per-minute",
            paramLabel = "N",
            defaultValue = "100",
            description =
                    "distinct subjects one connection may publish to per minute"
                            + " (`TOO_MANY_SUBJECTS` beyond; bounds the sequencer's state)")
    int maxPublishSubjectsPerMinute;

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
            names = "--max-connections",
            paramLabel = "N",
            defaultValue = "0",
            description =
                    "WebSocket connections per edge; one more gets HTTP 503 with `Retry-After`"
                            + " (`0` = one per 128 KiB of maximum heap, at least 64)")
    int maxConnections;

    @Option(
            names = "--allowed-origins",
            paramLabel = "ORIGIN,...",
            description =
                    "comma-separated exact origins (`https://app.example.com`) whose pages may"
                            + " open WebSockets; another `Origin` gets HTTP 403, none (not a"
                            + " browser) passes; unset = any")
    String allowedOrigins;

    @Option(
            names = "--tls-cert-file",
            paramLabel = "PEM-FILE",
            description =
                    "serve `wss://` and `https://`: certificate chain (PEM), with"
                            + " `--tls-key-file`")
    String tlsCertFile;

    @Option(
            names = "--tls-key-file",
            paramLabel = "PEM-FILE",
            description = "private key (PKCS#8 PEM) of `--tls-cert-file`")
    String tlsKeyFile;

    @Option(
            names = "--auth-hs256-secret",
            paramLabel = "SECRET",
            description =
                    "enables auth: HS256 shared secret, at least 32 bytes (visible in `ps`:"
                            + " prefer `--auth-hs256-secret-file`)")
    String authHs256Secret;

    @Option(
            names = "--auth-hs256-secret-file",
            paramLabel = "FILE",
            description =
                    "enables auth: file holding the HS256 shared secret (a trailing newline is"
                            + " dropped)")
    String authHs256SecretFile;

    @Option(
            names = "--auth-rs256-public-key",
            paramLabel = "PEM-FILE",
            description = "enables auth: RS256 public key (PEM file)")
    String authRs256PublicKey;

    @Option(
            names = "--auth-audience",
            paramLabel = "AUD",
            description = "when set, a token's `aud` must contain it")
    String authAudience;

    @Option(
            names = "--auth-issuer",
            paramLabel = "ISS",
            description = "when set, a token's `iss` must equal it")
    String authIssuer;

    @Option(
            names = "--auth-leeway",
            paramLabel = "DURATION",
            defaultValue = "5s",
            description = "clock skew allowed on a token's `exp`, `nbf` and `iat`")
    Duration authLeeway;

    @Option(
            names = "--auth-timeout",
            paramLabel = "DURATION",
            defaultValue = "10s",
            description = "with auth on, a connection not authenticated this long is closed (4001)")
    Duration authTimeout;

    @Option(
            names = "--fault-drop-every",
            paramLabel = "N",
            defaultValue = "0",
            description =
                    "**test only**: drop every Nth live delivery (`0` = off; the failover suite's"
                            + " self-check)")
    int faultDropEvery;

    private DeepRecoveryLimits deepRecoveryLimits() {
        if (deepRecoveryConsumers < 0) {
            throw new IllegalArgumentException("--deep-recovery-consumers must be >= 0");
        }
        if (maxDeepRecoveries < 1) {
            throw new IllegalArgumentException("--max-deep-recoveries must be >= 1");
        }
        if (deepRecoveryMaxMessages < 1) {
            throw new IllegalArgumentException("--deep-recovery-max-messages must be >= 1");
        }
        return new DeepRecoveryLimits(
                deepRecoveryConsumers, maxDeepRecoveries, deepRecoveryMaxMessages);
    }

    @Override
    public EdgeConfig toConfig() {
        Path rsaKey = readableFile("--auth-rs256-public-key", authRs256PublicKey);
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
                deepRecoveryLimits(),
                maxStaleness,
                fetchInterval,
                maxFrameBytes,
                maxSubjects,
                outboundBufferBytes,
                publishTimeout,
                maxPendingPublishes,
                maxRequestsPerSecond,
                maxPublishSubjectsPerMinute,
                pingInterval,
                idleTimeout,
                httpRequestTimeout,
                ioThreads,
                staticRoot,
                new EdgeConfig.AuthConfig(
                        hs256Secret(),
                        rsaKey,
                        new TokenRules(
                                unsetIfBlank(authAudience), unsetIfBlank(authIssuer), authLeeway),
                        authTimeout),
                new EdgeConfig.Transport(
                        maxConnections == 0
                                ? EdgeConfig.Transport.connectionsForHeap(
                                        Runtime.getRuntime().maxMemory())
                                : maxConnections,
                        allowedOrigins == null
                                ? Set.of()
                                : Set.copyOf(CommaList.parse("--allowed-origins", allowedOrigins)),
                        tls()),
                faultDropEvery);
    }

    /** The secret, from the option or its file; null when neither is set. */
    private String hs256Secret() {
        String inline = unsetIfBlank(authHs256Secret);
        Path file = readableFile("--auth-hs256-secret-file", authHs256SecretFile);
        if (inline != null && file != null) {
            throw new IllegalArgumentException(
                    "--auth-hs256-secret and --auth-hs256-secret-file: give one of them");
        }
        if (file == null) {
            return inline;
        }
        try {
            String secret = Files.readString(file, StandardCharsets.UTF_8);
            return secret.endsWith("\r\n")
                    ? secret.substring(0, secret.length() - 2)
                    : secret.endsWith("\n") ? secret.substring(0, secret.length() - 1) : secret;
        } catch (IOException e) {
            throw new IllegalArgumentException(
                    "--auth-hs256-secret-file: cannot read " + file.toAbsolutePath(), e);
        }
    }

    private TlsFiles tls() {
        Path cert = readableFile("--tls-cert-file", tlsCertFile);
        Path key = readableFile("--tls-key-file", tlsKeyFile);
        if ((cert == null) != (key == null)) {
            throw new IllegalArgumentException("--tls-cert-file and --tls-key-file go together");
        }
        return cert == null ? null : new TlsFiles(cert, key);
    }

    /** The path of an optional file option, checked readable; null when unset. */
    private static Path readableFile(String option, String value) {
        Path file = optionalPath(value);
        if (file != null && !Files.isReadable(file)) {
            throw new IllegalArgumentException(option + ": cannot read " + file.toAbsolutePath());
        }
        return file;
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
