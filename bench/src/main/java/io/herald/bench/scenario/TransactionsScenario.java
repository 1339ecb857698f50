package io.herald.bench.scenario;

import io.herald.bench.BenchArgs;
import io.herald.bench.proc.ClassHistogram;
import io.herald.bench.proc.ProcStat;
import io.herald.bench.report.ResultTable;
import io.herald.bench.server.BrokerProcess;
import io.herald.bench.server.LocalPipeline;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
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
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.TransactionListing;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * What the job's exactly-once sinks leave on the brokers. Kafka's connector names each checkpoint's
 * transaction anew ({@code prefix-subtask-n}), with a new producer id, and the brokers keep every
 * transactional id for {@code transactional.id.expiration.ms} (7 days by default) and every
 * producer's state in each partition it wrote to, on every replica, for {@code
 * producer.id.expiration.ms} (1 day). First the rate: the local stack in exactly-once mode, its
 * transactional ids counted ({@code ListTransactions}) over {@code --seconds} after {@code
 * --warmup}. Then the heap each costs, on a broker of its own warmed up by 1,000 producers of each
 * kind: {@code --ids} transactional ids ({@code initTransactions}), then {@code --ids} idempotent
 * producers writing one record each to a partition, each between two class histograms of the
 * broker's live heap (the classes whose instance count grew by at least half as many are counted).
 * Then what one subtask's producers hold at Kafka's default expirations and at one hour.
 */
public final class TransactionsScenario implements Scenario {
    /** {@code prefix-subtask-n}: the connector's transactional id. */
    private static final Pattern ID = Pattern.compile("(.+)-(\\d+)-\\d+");

    /** Producers of each kind that warm the broker up before the first histogram. */
    private static final int WARMUP_PRODUCERS = 1000;

    /** The topic the idempotent producers write one record each to. */
    private static final String TOPIC = "transactions";

    /** The broker's expired-id sweep runs hourly: an id lives up to expiration + 1 h. */
    private static final Duration ID_SWEEP = Duration.ofHours(1);

    /** Expired producer states are removed every 10 minutes. */
    private static final Duration PRODUCER_SWEEP = Duration.ofMinutes(10);

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
                Admin admin =
                        Admin.create(
                                Map.of(
                                        AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                                        p.bootstrap()))) {
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
        ResultTable heap = new ResultTable("broker heap per producer");
        double bytesPerId;
        double bytesPerProducerState;
        try (BrokerProcess broker = BrokerProcess.start(logs, TOPIC, 1)) {
            // Fills the broker's request-time histograms (reservoirs of a fixed size), which
            // would otherwise grow with the first thousands of requests and count as the ids'.
            // A fixed number: the reservoirs' size does not depend on --ids.
            createProducers(broker.bootstrap(), "bench-warmup", WARMUP_PRODUCERS, false);
            createProducers(broker.bootstrap(), null, WARMUP_PRODUCERS, true);
            bytesPerId =
                    measure(
                            heap,
                            "transactional id (coordinator)",
                            broker,
                            ids,
                            () -> createProducers(broker.bootstrap(), "bench-ids", ids, false));
            bytesPerProducerState =
                    measure(
                            heap,
                            "producer state of a partition (each replica)",
                            broker,
                            ids,
                            () -> createProducers(broker.bootstrap(), null, ids, true));
        }
        ResultTable held = new ResultTable("held on the brokers per subtask of the job");
        for (Duration expiration : List.of(Duration.ofDays(7), Duration.ofHours(1))) {
            double idsHeld = perSubtask * expiration.plus(ID_SWEEP).toSeconds();
            held.add(
                    "what",
                    "transactional ids (transactional.id.expiration.ms)",
                    "expiration",
                    expiration.toString(),
                    "held_at_most",
                    Math.round(idsHeld),
                    "heap_mb",
                    idsHeld * bytesPerId / 1e6);
        }
        // One of the two sinks is the sequenced topic's: a new producer per checkpoint on every
        // partition the checkpoint's records went to.
        for (Duration expiration : List.of(Duration.ofDays(1), Duration.ofHours(1))) {
            double entries = perSubtask / 2 * expiration.plus(PRODUCER_SWEEP).toSeconds();
            held.add(
                    "what",
                    "producer states per sequenced partition replica (producer.id.expiration.ms)",
                    "expiration",
                    expiration.toString(),
                    "held_at_most",
                    Math.round(entries),
                    "heap_mb",
                    entries * bytesPerProducerState / 1e6);
        }
        return List.of(rate, heap, held);
    }

    /**
     * Runs {@code create}, which makes {@code count} of something on {@code broker}, between two
     * class histograms of its live heap; adds a row to {@code table} and returns the bytes per one.
     * Counted: the classes whose instance count grew by at least half of {@code count}.
     */
    private static double measure(
            ResultTable table, String what, BrokerProcess broker, int count, Step create)
            throws Exception {
        ClassHistogram before = ClassHistogram.of(broker.pid());
        create.run();
        ClassHistogram after = ClassHistogram.of(broker.pid());
        long bytes = 0;
        List<String> classes = new ArrayList<>();
        for (ClassHistogram.Entry grown : after.growthSince(before)) {
            if (grown.instances() >= count / 2) {
                bytes += grown.bytes();
                classes.add(grown.className() + " " + grown.bytes() / count);
            }
        }
        double perOne = (double) bytes / count;
        table.add(
                "what",
                what,
                "count",
                count,
                "heap_bytes",
                bytes,
                "bytes_each",
                perOne,
                "classes_bytes_each",
                String.join(", ", classes));
        return perOne;
    }

    private interface Step {
        void run() throws Exception;
    }

    /**
     * Creates {@code count} producers, 8 at a time: transactional ones named {@code prefix-0-i}
     * (each registers its id with {@code initTransactions}), or, with a null {@code prefix},
     * idempotent ones. With {@code write} (idempotent producers only), each writes one record to
     * {@link #TOPIC}, leaving its producer state in the partition.
     */
    private static void createProducers(String bootstrap, String prefix, int count, boolean write)
            throws Exception {
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
                                        produce(
                                                bootstrap,
                                                prefix == null ? null : prefix + "-0-" + i,
                                                write);
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

    private static void produce(String bootstrap, String transactionalId, boolean write)
            throws Exception {
        Properties p = new Properties();
        p.put("bootstrap.servers", bootstrap);
        p.put("enable.idempotence", "true");
        p.put("acks", "all");
        // One client id for all and no telemetry: the broker's per-client quota sensors and
        // telemetry cache are not a producer's cost here.
        p.put("client.id", "bench-transactions");
        p.put("enable.metrics.push", "false");
        p.put("max.block.ms", "30000");
        if (transactionalId != null) {
            p.put("transactional.id", transactionalId);
        }
        try (KafkaProducer<byte[], byte[]> producer =
                new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer())) {
            if (transactionalId != null) {
                producer.initTransactions();
            }
            if (write) {
                producer.send(new ProducerRecord<>(TOPIC, new byte[10])).get();
            }
        }
    }
}
