package io.herald.bench.scenario;

import io.herald.bench.BenchArgs;
import io.herald.bench.proc.ProcStat;
import io.herald.bench.report.ResultTable;
import io.herald.bench.server.BrokerProcess;
import io.herald.bench.server.LocalPipeline;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.TransactionListing;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * What the job's exactly-once sinks leave on the brokers. Kafka's connector names each checkpoint's
 * transaction anew ({@code prefix-subtask-n}), and the brokers keep every transactional id for
 * {@code transactional.id.expiration.ms} (7 days by default). First the rate: the local stack in
 * exactly-once mode, its transactional ids counted ({@code ListTransactions}) over {@code
 * --seconds} after {@code --warmup}. Then the broker's heap per id: {@code --ids} ids created
 * ({@code initTransactions}) on a broker of their own, after a fifth as many to warm it up, its
 * live heap's class histogram before and after (the classes whose instance count grew by at least
 * half the ids are counted). Then what a subtask's ids hold at the default expiration and at one
 * hour.
 */
public final class TransactionsScenario implements Scenario {
    /** {@code prefix-subtask-n}: the connector's transactional id. */
    private static final Pattern ID = Pattern.compile("(.+)-(\\d+)-\\d+");

    private static final Pattern HISTOGRAM_ROW =
            Pattern.compile("^\\s*\\d+:\\s+(\\d+)\\s+(\\d+)\\s+(\\S+)");

    /** The broker's expired-id sweep runs hourly: an id lives up to expiration + 1 h. */
    private static final Duration CLEANUP_INTERVAL = Duration.ofHours(1);

    @Override
    public List<ResultTable> run(BenchArgs args, Path logs) throws Exception {
        int warmup = args.integer("warmup", 20);
        int seconds = args.integer("seconds", 60);
        int ids = args.integer("ids", 10000);
        ResultTable rate = new ResultTable("transactional ids the job creates");
        double perSubtask;
        try (LocalPipeline p =
                        LocalPipeline.start(
                                logs, "exactly-once", LocalPipeline.Via.KAFKA, List.of());
                Admin admin = admin(p.bootstrap())) {
            Thread.sleep(warmup * 1000L);
            Collection<TransactionListing> before = admin.listTransactions().all().get();
            long t0 = System.nanoTime();
            Thread.sleep(seconds * 1000L);
            Collection<TransactionListing> after = admin.listTransactions().all().get();
            double elapsed = (System.nanoTime() - t0) / 1e9;
            Set<String> subtasks = new TreeSet<>();
            Set<String> writers = new TreeSet<>();
            Map<String, Integer> states = new TreeMap<>();
            for (TransactionListing t : after) {
                Matcher m = ID.matcher(t.transactionalId());
                if (m.matches()) {
                    subtasks.add(m.group(2));
                    writers.add(m.group(1) + "/" + m.group(2));
                }
                states.merge(t.state().toString(), 1, Integer::sum);
            }
            double perSecond = (after.size() - before.size()) / elapsed;
            perSubtask = perSecond / Math.max(1, subtasks.size());
            rate.add(
                    "seconds",
                    elapsed,
                    "ids_created",
                    after.size() - before.size(),
                    "ids_per_second",
                    perSecond,
                    "subtasks",
                    subtasks.size(),
                    "sinks_x_subtasks",
                    writers.size(),
                    "ids_per_second_per_subtask",
                    perSubtask,
                    "ids_by_state",
                    states.toString(),
                    "load_avg",
                    ProcStat.loadAverage());
        }
        ResultTable heap = new ResultTable("broker heap per transactional id");
        double bytesPerId;
        try (BrokerProcess broker = BrokerProcess.start(logs, "transactions", 1)) {
            // Fills the broker's request-time histograms (reservoirs of a fixed size), which
            // would otherwise grow with the first thousands of requests and count as the ids'.
            createIds(broker.bootstrap(), "bench-warmup", ids / 5);
            Map<String, long[]> before = histogram(broker.pid());
            createIds(broker.bootstrap(), "bench-transactions", ids);
            Map<String, long[]> after = histogram(broker.pid());
            long bytes = 0;
            List<String> classes = new ArrayList<>();
            for (Map.Entry<String, long[]> e : after.entrySet()) {
                long[] was = before.getOrDefault(e.getKey(), new long[2]);
                if (e.getValue()[0] - was[0] >= ids / 2) {
                    long grew = e.getValue()[1] - was[1];
                    bytes += grew;
                    classes.add(e.getKey() + " " + grew / ids);
                }
            }
            bytesPerId = (double) bytes / ids;
            heap.add(
                    "ids",
                    ids,
                    "heap_bytes",
                    bytes,
                    "bytes_per_id",
                    bytesPerId,
                    "classes_bytes_per_id",
                    String.join(", ", classes));
        }
        ResultTable held = new ResultTable("held on the brokers per subtask of the job");
        for (Duration expiration : List.of(Duration.ofDays(7), Duration.ofHours(1))) {
            long lifetime = expiration.plus(CLEANUP_INTERVAL).toSeconds();
            double idsHeld = perSubtask * lifetime;
            held.add(
                    "transactional_id_expiration",
                    expiration.toString(),
                    "ids_held_at_most",
                    Math.round(idsHeld),
                    "coordinator_heap_mb",
                    idsHeld * bytesPerId / 1e6);
        }
        return List.of(rate, heap, held);
    }

    private static Admin admin(String bootstrap) {
        Properties p = new Properties();
        p.put("bootstrap.servers", bootstrap);
        return Admin.create(p);
    }

    /**
     * Creates {@code count} transactional ids named {@code prefix-0-i}, each by a producer's {@code
     * initTransactions}.
     */
    private static void createIds(String bootstrap, String prefix, int count) throws Exception {
        int threads = 8;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int first = t;
                done.add(
                        pool.submit(
                                () -> {
                                    for (int i = first; i < count; i += threads) {
                                        Properties p = new Properties();
                                        p.put("bootstrap.servers", bootstrap);
                                        p.put("transactional.id", prefix + "-0-" + i);
                                        // One client id for all and no telemetry: the broker's
                                        // per-client quota sensors and telemetry cache are not
                                        // the transactional ids' cost.
                                        p.put("client.id", "bench-transactions");
                                        p.put("enable.metrics.push", "false");
                                        p.put("max.block.ms", "30000");
                                        try (KafkaProducer<byte[], byte[]> producer =
                                                new KafkaProducer<>(
                                                        p,
                                                        new ByteArraySerializer(),
                                                        new ByteArraySerializer())) {
                                            producer.initTransactions();
                                        }
                                    }
                                    return null;
                                }));
            }
            for (Future<?> f : done) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
    }

    /** {@code jcmd <pid> GC.class_histogram}: live objects (after a full GC), by class. */
    private static Map<String, long[]> histogram(long pid)
            throws IOException, InterruptedException {
        Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
        Process p =
                new ProcessBuilder(jcmd.toString(), Long.toString(pid), "GC.class_histogram")
                        .redirectErrorStream(true)
                        .start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.waitFor() != 0) {
            throw new IOException("jcmd GC.class_histogram failed: " + out);
        }
        Map<String, long[]> classes = new HashMap<>();
        for (String line : out.split("\n")) {
            Matcher m = HISTOGRAM_ROW.matcher(line);
            if (m.find()) {
                classes.put(
                        m.group(3),
                        new long[] {Long.parseLong(m.group(1)), Long.parseLong(m.group(2))});
            }
        }
        if (classes.isEmpty()) {
            throw new IOException("no class histogram from jcmd: " + out);
        }
        return classes;
    }
}
