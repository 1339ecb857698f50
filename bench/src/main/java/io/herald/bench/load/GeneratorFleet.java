package io.herald.bench.load;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.herald.bench.proc.Child;
import io.herald.bench.proc.Jvm;
import io.herald.bench.proc.ProcStat;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.HdrHistogram.Histogram;

/**
 * The load generator as several processes (one process may hold at most 20,000 open files here),
 * each a {@link GeneratorMain} with its share of the connections; the coordinator's handle on them:
 * connect, measure a window, merge their figures.
 */
public final class GeneratorFleet implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final List<Child> children = new ArrayList<>();

    /** The merged figures of a window (or of a resume run). */
    public record Window(
            long delivered,
            Histogram latencyMicros,
            int failed,
            int closed,
            int errors,
            String firstError,
            List<JsonNode> raw) {}

    private GeneratorFleet() {}

    /**
     * Starts enough processes for {@code total} connections numbered from {@code template.first()},
     * at most {@code perProcess} each, with the other fields of {@code template} but {@code count}.
     */
    public static GeneratorFleet start(
            GeneratorSpec template, int total, int perProcess, Path logs) {
        GeneratorFleet fleet = new GeneratorFleet();
        int processes = Math.max(1, (total + perProcess - 1) / perProcess);
        try {
            for (int p = 0; p < processes; p++) {
                int first = template.first() + (int) ((long) total * p / processes);
                int next = template.first() + (int) ((long) total * (p + 1) / processes);
                GeneratorSpec spec =
                        new GeneratorSpec(
                                template.protocol(),
                                template.port(),
                                first,
                                next - first,
                                template.subjects(),
                                template.threads(),
                                template.resumeEpoch(),
                                template.resumeFrom(),
                                template.resumeUntil());
                fleet.children.add(
                        Child.start(
                                "generator-" + p,
                                Jvm.command(
                                        List.of("-Xmx768m", "-XX:+UseParallelGC"),
                                        GeneratorMain.class.getName(),
                                        spec.toArgs()),
                                logs.resolve("generator-" + p + ".log")));
            }
            for (Child c : fleet.children) {
                c.awaitLine("loaded"::equals, Duration.ofSeconds(60));
            }
        } catch (RuntimeException e) {
            fleet.close();
            throw e;
        }
        return fleet;
    }

    /** Opens every connection; returns how many failed. */
    public int connect() {
        children.forEach(c -> c.send("connect"));
        int failed = 0;
        for (Child c : children) {
            String[] f = c.awaitLine(l -> l.startsWith("ready "), Duration.ofMinutes(5)).split(" ");
            failed += Integer.parseInt(f[3]);
        }
        return failed;
    }

    /** Opens every connection resuming, and waits until all have what they missed. */
    public List<JsonNode> connectResuming() {
        children.forEach(c -> c.send("connect"));
        List<JsonNode> results = new ArrayList<>();
        for (Child c : children) {
            results.add(parse(c.awaitLine(l -> l.startsWith("resumed "), Duration.ofMinutes(11))));
        }
        return results;
    }

    /** Starts a measurement window in every process. */
    public void startWindow() {
        children.forEach(c -> c.send("start"));
    }

    /** Ends the window and merges the processes' figures. */
    public Window stopWindow() {
        children.forEach(c -> c.send("stop"));
        List<JsonNode> results = new ArrayList<>();
        for (Child c : children) {
            results.add(parse(c.awaitLine(l -> l.startsWith("result "), Duration.ofSeconds(60))));
        }
        return merge(results);
    }

    /** Merges results: sums, and one latency histogram. */
    public static Window merge(List<JsonNode> results) {
        Histogram latency = new Histogram(3);
        long delivered = 0;
        int failed = 0;
        int closed = 0;
        int errors = 0;
        String firstError = null;
        for (JsonNode r : results) {
            delivered += r.get("delivered").asLong();
            failed += r.get("failed").asInt();
            closed += r.get("closed").asInt();
            errors += r.get("errors").asInt();
            if (firstError == null && !r.get("firstError").isNull()) {
                firstError = r.get("firstError").asText();
            }
            latency.add(Histograms.decode(r.get("latencyMicros").asText()));
        }
        return new Window(delivered, latency, failed, closed, errors, firstError, results);
    }

    private static JsonNode parse(String line) {
        try {
            return JSON.readTree(line.substring(line.indexOf(' ') + 1));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** CPU used so far by every generator process, in nanoseconds. */
    public long cpuNanos() {
        return ProcStat.cpuNanos(children.stream().map(Child::pid).toList());
    }

    public int processes() {
        return children.size();
    }

    @Override
    public void close() {
        children.forEach(c -> c.send("exit"));
        children.forEach(Child::close);
    }
}
