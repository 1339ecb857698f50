package io.herald.edge.it;

import static io.herald.edge.it.EdgeProtocolIT.config;
import static io.herald.edge.it.EdgeProtocolIT.startReady;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.herald.edge.Edge;
import io.herald.testing.Closer;
import io.herald.testing.EmbeddedKafka;
import io.netty.handler.ssl.OpenSsl;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import javax.net.ssl.SSLHandshakeException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * An edge given {@code --tls-cert-file} and {@code --tls-key-file} serves {@code https://} and
 * {@code wss://} on its port, to a client that verifies its certificate (the JDK's HttpClient
 * trusting the test's self-signed certificate, host name checked); a client that does not trust it,
 * and a plain-text client, get nowhere. The bystander itself subscribes over {@code wss://}.
 */
class TlsIT {
    @RegisterExtension
    static final EmbeddedKafka KAFKA =
            EmbeddedKafka.perClass().withTopic("messages.sequenced", 1).withTopic("demo", 1);

    @TempDir static Path dir;

    private static Edge edge;
    private static HttpClient trusting;
    private static Bystander bystander;
    private static SequencedWriter writer;

    @BeforeAll
    static void start() throws Exception {
        SelfSignedCertificate cert = SelfSignedCertificate.create(dir);
        edge =
                startReady(
                        config(
                                KAFKA,
                                "--tls-cert-file",
                                cert.certFile().toString(),
                                "--tls-key-file",
                                cert.keyFile().toString()));
        trusting =
                HttpClient.newBuilder()
                        .sslContext(cert.trustingContext())
                        .connectTimeout(Duration.ofSeconds(10))
                        .build();
        System.out.println(
                "tls provider under test: "
                        + (OpenSsl.isAvailable() ? "openssl " + OpenSsl.versionString() : "jdk"));
        writer = new SequencedWriter(KAFKA, "messages.sequenced");
        bystander =
                Bystander.subscribe(
                        RawClient.connect(uri("wss", "/ws"), trusting), writer, "/demo/bystander");
    }

    @AfterAll
    static void stop() throws Exception {
        Closer.closeAll(bystander, writer, edge);
    }

    @AfterEach
    void theBystanderStillReceivesOverWss() throws Exception {
        bystander.receives();
    }

    private static URI uri(String scheme, String path) {
        return URI.create(scheme + "://127.0.0.1:" + edge.port() + path);
    }

    @Test
    void aClientThatTrustsTheCertificateGetsHttpsAndWss() throws Exception {
        HttpResponse<String> health =
                trusting.send(
                        HttpRequest.newBuilder(uri("https", "/healthz")).build(),
                        HttpResponse.BodyHandlers.ofString());
        assertThat(health.statusCode()).isEqualTo(200);
        assertThat(health.body()).isEqualTo("ok\n");
        try (RawClient c = RawClient.connect(uri("wss", "/ws"), trusting)) {
            c.assertAlive("over-tls");
        }
    }

    @Test
    void aClientThatDoesNotTrustTheCertificateFailsItsHandshake() {
        HttpClient untrusting = HttpClient.newHttpClient();
        assertThatThrownBy(
                        () ->
                                untrusting.send(
                                        HttpRequest.newBuilder(uri("https", "/healthz")).build(),
                                        HttpResponse.BodyHandlers.ofString()))
                .isInstanceOf(SSLHandshakeException.class);
        assertThatThrownBy(() -> RawClient.connect(uri("wss", "/ws"), untrusting))
                .hasCauseInstanceOf(SSLHandshakeException.class);
    }

    @Test
    void plainTextGetsNoAnswerOnATlsPort() {
        assertThatThrownBy(
                        () ->
                                HttpClient.newHttpClient()
                                        .send(
                                                HttpRequest.newBuilder(uri("http", "/healthz"))
                                                        .timeout(Duration.ofSeconds(10))
                                                        .build(),
                                                HttpResponse.BodyHandlers.ofString()))
                .isInstanceOf(IOException.class);
    }
}
