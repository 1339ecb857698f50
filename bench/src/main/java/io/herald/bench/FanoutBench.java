package io.herald.bench;

import io.herald.testing.EmbeddedKafka;
import io.herald.testing.FreePorts;
import io.herald.wire.SequencedHeaders;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Edge fan-out run (docs/design.md, "Performance targets"): N loopback clients on one subject,
 * 100-byte payloads written to the sequenced topic at a fixed rate, the edge in a child JVM so that
 * its CPU time is its own. Prints deliveries/s and edge CPU per delivery, then memory per idle
 * connection (heap used after GC, N idle connections, delta / N). Not a test: figures only.
 *
 * <p>{@code ./mvnw -q -o -pl bench exec:java -Dexec.mainClass=io.herald.bench.FanoutBench
 * -Dexec.args="--clients 1000 --rate 500 --seconds 10 --idle 5000"}
 */
public final class FanoutBench {
    private static final String TOPIC = "messages.sequenced";
    private static final String SUBJECT = "/demo/fanout";

    public static void main(String[] args) throws Exception {
        int clients = intArg(args, "--clients", 1000);
        int rate = intArg(args, "--rate", 500);
        int seconds = intArg(args, "--seconds", 10);
        int idle = intArg(args, "--idle", 5000);
        try (EmbeddedKafka kafka = EmbeddedKafka.start()) {
            kafka.createTopic(TOPIC, 1);
            int port = FreePorts.next();
            Process edge = startEdge(kafka.bootstrapServers(), port);
            try {
                waitHealthy(port);
                fanout(kafka, port, edge, clients, rate, seconds);
                idleMemory(port, edge, idle);
            } finally {
                edge.destroy();
                edge.waitFor();
            }
        }
    }

    private static void fanout(
            EmbeddedKafka kafka, int port, Process edge, int clients, int rate, int seconds)
            throws Exception {
        try (LoadClients load = new LoadClients(1);
                KafkaProducer<byte[], byte[]> producer =
                        kafka.producer(Map.of(ProducerConfig.LINGER_MS_CONFIG, 1))) {
            load.open(
                    port,
                    clients,
                    "{\"type\":\"subscribe\",\"id\":\"b\",\"subjects\":[{\"subject\":\""
                            + SUBJECT
                            + "\"}]}");
            while (load.received.sum() < clients) { // the subscribed frames
                Thread.sleep(10);
            }
            byte[] payload = new byte[100];
            Arrays.fill(payload, (byte) 'p');
            Thread publisher =
                    new Thread(() -> publish(producer, payload, rate), "bench-publisher");
            publisher.setDaemon(true);
            publisher.start();
            Thread.sleep(5_000); // warm-up
            long cpu0 = cpuNanos(edge);
            long d0 = load.received.sum();
            long t0 = System.nanoTime();
            Thread.sleep(seconds * 1000L);
            long cpu1 = cpuNanos(edge);
            long d1 = load.received.sum();
            long t1 = System.nanoTime();
            publisher.interrupt();
            double deliveries = d1 - d0;
            double perSecond = deliveries / ((t1 - t0) / 1e9);
            System.out.printf(
                    "fan-out: clients=%d rate=%d msg/s payload=100B window=%ds deliveries/s=%.0f"
                            + " edge-cpu-per-delivery=%.3f us (edge cpu %.2f cores)%n",
                    clients,
                    rate,
                    seconds,
                    perSecond,
                    (cpu1 - cpu0) / 1e3 / deliveries,
                    (cpu1 - cpu0) / (double) (t1 - t0));
        }
    }

    private static void publish(KafkaProducer<byte[], byte[]> producer, byte[] payload, int rate) {
        long seq = 0;
        long intervalNanos = 1_000_000_000L / rate;
        long next = System.nanoTime();
        while (!Thread.currentThread().isInterrupted()) {
            ProducerRecord<byte[], byte[]> r =
                    new ProducerRecord<>(
                            TOPIC,
                            null,
                            System.currentTimeMillis(),
                            SUBJECT.getBytes(StandardCharsets.UTF_8),
                            payload);
            r.headers()
                    .add(SequencedHeaders.EPOCH, SequencedHeaders.encodeLong(1))
                    .add(SequencedHeaders.SEQ, SequencedHeaders.encodeLong(seq))
                    .add(SequencedHeaders.SOURCE, SequencedHeaders.encodeString("demo:0:" + seq));
            producer.send(r);
            seq++;
            next += intervalNanos;
            long wait = next - System.nanoTime();
            if (wait > 0) {
                try {
                    Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
                } catch (InterruptedException e) {
                    return;
                }
            }
        }
    }

    private static void idleMemory(int port, Process edge, int n) throws Exception {
        gc(edge);
        long before = heapUsed(port);
        try (LoadClients load = new LoadClients(1)) {
            load.open(port, n, null);
            gc(edge);
            long after = heapUsed(port);
            System.out.printf(
                    "idle connections: n=%d heap-before=%d heap-after=%d bytes-per-connection=%d%n",
                    n, before, after, (after - before) / n);
        }
    }

    private static Process startEdge(String bootstrap, int port) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> cmd =
                new ArrayList<>(
                        List.of(
                                java,
                                "-Xmx1g",
                                "-XX:+UseParallelGC",
                                "-cp",
                                classpath(),
                                "io.herald.edge.EdgeMain",
                                "--bootstrap-servers",
                                bootstrap,
                                "--port",
                                String.valueOf(port),
                                "--outbound-buffer-bytes",
                                "4MiB"));
        return new ProcessBuilder(cmd).inheritIO().start();
    }

    /** This program's classpath (exec:java runs it in a class loader of its own). */
    private static String classpath() {
        if (FanoutBench.class.getClassLoader() instanceof java.net.URLClassLoader loader) {
            List<String> parts = new ArrayList<>();
            for (java.net.URL url : loader.getURLs()) {
                parts.add(url.getPath());
            }
            return String.join(java.io.File.pathSeparator, parts);
        }
        return System.getProperty("java.class.path");
    }

    private static void gc(Process edge) throws Exception {
        String jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd").toString();
        new ProcessBuilder(jcmd, String.valueOf(edge.pid()), "GC.run")
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .start()
                .waitFor();
    }

    private static long cpuNanos(Process p) {
        return p.info().totalCpuDuration().orElseThrow().toNanos();
    }

    private static String get(int port, String path) throws Exception {
        return HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                                .timeout(Duration.ofSeconds(5))
                                .build(),
                        HttpResponse.BodyHandlers.ofString())
                .body();
    }

    private static long heapUsed(int port) throws Exception {
        Matcher m =
                Pattern.compile("(?m)^herald_edge_heap_used_bytes (\\d+)$")
                        .matcher(get(port, "/metrics"));
        if (!m.find()) {
            throw new IllegalStateException("no heap gauge");
        }
        return Long.parseLong(m.group(1));
    }

    private static void waitHealthy(int port) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < deadline) {
            try {
                if (get(port, "/healthz").startsWith("ok")) {
                    return;
                }
            } catch (java.io.IOException notYet) {
                // the child is still starting
            }
            Thread.sleep(200);
        }
        throw new IllegalStateException("edge not healthy in 60 s");
    }

    private static int intArg(String[] args, String name, int def) {
        for (int i = 0; i < args.length - 1; i++) {
            if (args[i].equals(name)) {
                return Integer.parseInt(args[i + 1]);
            }
        }
        return def;
    }
}
