package io.herald.edge.it;

import static io.herald.edge.it.EdgeProtocolIT.config;
import static io.herald.edge.it.EdgeProtocolIT.startReady;
import static org.assertj.core.api.Assertions.assertThat;

import io.herald.edge.Edge;
import io.herald.testing.Closer;
import io.herald.testing.EmbeddedKafka;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Attacks on an edge through plain HTTP, against a real edge: pipelined requests never read,
 * over-long request lines and headers, connections that never finish a request, hidden static files
 * and a static file larger than any buffer. A bystander keeps receiving its subject throughout and
 * the heap stays bounded (printed as {@code heap attack=…}).
 */
class HttpAttacksIT {
    private static final long HEAP_BOUND = 64L << 20;
    private static final int BIG_FILE = 24 << 20;

    @RegisterExtension
    static final EmbeddedKafka KAFKA = EmbeddedKafka.perClass().withTopic("messages.sequenced", 1);

    private static Path staticDir;
    private static Edge edge;
    private static SequencedWriter writer;
    private static Bystander bystander;

    @BeforeAll
    static void start() throws Exception {
        staticDir = Files.createTempDirectory("herald-static");
        Files.write(staticDir.resolve("big.bin"), new byte[BIG_FILE]);
        Files.createDirectories(staticDir.resolve(".git"));
        Files.writeString(staticDir.resolve(".git/config"), "[remote]\n");
        Files.writeString(staticDir.resolve(".env"), "SECRET=1\n");
        edge =
                startReady(
                        config(
                                KAFKA,
                                "--outbound-buffer-bytes",
                                "256KiB",
                                "--http-request-timeout",
                                "1s",
                                "--static-dir",
                                staticDir.toString()));
        writer = new SequencedWriter(KAFKA, "messages.sequenced");
        bystander = Bystander.subscribe(edge, writer, "/demo/bystander");
    }

    @AfterAll
    static void stop() throws Exception {
        Closer.closeAll(bystander, writer, edge);
        try (var files = Files.walk(staticDir)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    @AfterEach
    void bystanderStillServed() throws Exception {
        bystander.receives();
    }

    private static Socket connect() throws IOException {
        Socket s = new Socket("127.0.0.1", edge.port());
        s.setSoTimeout(10_000);
        return s;
    }

    private static String statusLine(Socket s, String request) throws IOException {
        OutputStream out = s.getOutputStream();
        out.write(request.getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
        StringBuilder line = new StringBuilder();
        InputStream in = s.getInputStream();
        int c;
        while ((c = in.read()) != -1 && c != '\r') {
            line.append((char) c);
        }
        return line.toString();
    }

    @Test
    void pipelinedRequestsNeverReadCostBoundedMemory() throws Exception {
        byte[] request =
                "GET /metrics HTTP/1.1\r\nHost: edge\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
        try (HeapWatch heap = new HeapWatch();
                Socket attacker = connect()) {
            attacker.setReceiveBufferSize(4096);
            OutputStream out = attacker.getOutputStream();
            try (Flood flood = new Flood("pipelined", 100_000, attacker, i -> out.write(request))) {
                int lastSent = -1;
                while (!flood.isDone() && flood.sent() != lastSent) {
                    lastSent = flood.sent();
                    bystander.receives();
                    Thread.sleep(500);
                }
                System.out.printf("attack=pipelined sent=%d of 100000%n", flood.sent());
                assertThat(heap.report("pipelined")).isLessThan(HEAP_BOUND);
            }
        }
    }

    @Test
    void anOverLongRequestLineGets414AndOverLongHeaders431() throws Exception {
        try (Socket s = connect()) {
            assertThat(statusLine(s, "GET /" + "a".repeat(8000) + " HTTP/1.1\r\n\r\n"))
                    .startsWith("HTTP/1.1 414");
        }
        try (Socket s = connect()) {
            assertThat(
                            statusLine(
                                    s,
                                    "GET /healthz HTTP/1.1\r\nX-Big: "
                                            + "b".repeat(16_000)
                                            + "\r\n\r\n"))
                    .startsWith("HTTP/1.1 431");
        }
    }

    @Test
    void aConnectionThatNeverCompletesARequestIsClosedAtTheDeadline() throws Exception {
        try (Socket s = connect()) {
            s.getOutputStream().write("GET /healthz HTTP/1.1\r\nHost: e".getBytes());
            s.getOutputStream().flush();
            long start = System.nanoTime();
            assertThat(s.getInputStream().read()).isEqualTo(-1);
            Duration closedAfter = Duration.ofNanos(System.nanoTime() - start);
            System.out.printf(
                    "attack=incomplete-request closedAfterMs=%d%n", closedAfter.toMillis());
            assertThat(closedAfter).isLessThan(Duration.ofSeconds(5));
        }
    }

    @Test
    void hiddenFilesAreNotServedAndABigFileIsStreamedWhole() throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        String base = "http://127.0.0.1:" + edge.port();
        for (String hidden : new String[] {"/.git/config", "/.env", "/.git/"}) {
            HttpResponse<String> r =
                    http.send(
                            HttpRequest.newBuilder(URI.create(base + hidden)).build(),
                            HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).as(hidden).isEqualTo(404);
        }
        try (HeapWatch heap = new HeapWatch()) {
            HttpResponse<InputStream> big =
                    http.send(
                            HttpRequest.newBuilder(URI.create(base + "/big.bin")).build(),
                            HttpResponse.BodyHandlers.ofInputStream());
            assertThat(big.statusCode()).isEqualTo(200);
            try (InputStream body = big.body()) {
                assertThat(body.transferTo(OutputStream.nullOutputStream())).isEqualTo(BIG_FILE);
            }
            heap.report("static-file");
        }
    }
}
