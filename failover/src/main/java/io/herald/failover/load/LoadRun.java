package io.herald.failover.load;

import io.herald.failover.check.FaultTimeline;
import io.herald.failover.check.ReaderTotals;
import io.herald.failover.check.ScenarioReport;
import io.herald.wire.Subject;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One scenario's load: fresh subjects, subscribers connected and subscribed before the first
 * message, then a steady publisher. The scenario marks its faults on {@link #faults()}, waits for
 * recovery, and {@link #finish} stops publishing, waits for every client to catch up (or a
 * deadline), and checks every client and the sequenced topic.
 */
public final class LoadRun implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(LoadRun.class);

    /**
     * What a run needs to know about the system; the run owns (and closes) the producer, an
     * idempotent {@code acks=all} one.
     */
    public record Target(
            String sourceTopic,
            String sequencedTopic,
            String bootstrapServers,
            List<URI> edges,
            KafkaProducer<byte[], byte[]> producer) {}

    /** The load's shape. */
    public record Shape(int subjects, int clients, int subjectsPerClient, int ratePerSecond) {}

    private final String name;
    private final Target target;
    private final List<Subject> subjects;
    private final FaultTimeline faults = new FaultTimeline();
    private final SequencedTopicAudit audit;
    private final Map<TopicPartition, Long> auditFrom;
    private final SubscriberPool pool;
    private final Publisher publisher;

    private LoadRun(String name, Target target, Shape shape) throws Exception {
        this.name = name;
        this.target = target;
        this.subjects = new ArrayList<>();
        for (int i = 0; i < shape.subjects(); i++) {
            subjects.add(Subject.ofTopicAndKey(target.sourceTopic(), name + "/" + i));
        }
        this.audit = new SequencedTopicAudit(target.bootstrapServers(), target.sequencedTopic());
        this.auditFrom = audit.endOffsets();
        this.pool =
                SubscriberPool.start(
                        name,
                        shape.clients(),
                        target.edges(),
                        subjects,
                        shape.subjectsPerClient(),
                        faults,
                        Duration.ofSeconds(60));
        this.publisher = new Publisher(target.producer(), subjects, shape.ratePerSecond());
    }

    /** Subscribes the clients, starts publishing, and waits until every client gets messages. */
    public static LoadRun start(String name, Target target, Shape shape) throws Exception {
        LoadRun run = new LoadRun(name, target, shape);
        run.publisher.start();
        LOG.info(
                "load started scenario={} subjects={} clients={}",
                name,
                shape.subjects(),
                shape.clients());
        return run;
    }

    public FaultTimeline faults() {
        return faults;
    }

    /**
     * Keeps the load running for {@code duration}: a timed phase of the scenario (steady traffic
     * before a fault, or after recovery), not a wait for a condition.
     */
    public void publishFor(Duration duration) throws InterruptedException {
        Thread.sleep(duration.toMillis());
    }

    /** Waits until every client has received a message published after every fault so far. */
    public void awaitRecovered(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!pool.allRecovered()) {
            if (System.nanoTime() > deadline) {
                LOG.warn("scenario={} not every client recovered within {}", name, timeout);
                return;
            }
            Thread.sleep(50);
        }
    }

    /** Waits until every client has received messages on every one of its subjects. */
    public void awaitFlowing(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!pool.allFlowing()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError(
                        "scenario " + name + ": messages not flowing after " + timeout);
            }
            Thread.sleep(50);
        }
    }

    /**
     * Stops publishing, waits up to {@code drainTimeout} for every client to have every message,
     * and checks clients and the sequenced topic.
     */
    public ScenarioReport finish(Duration drainTimeout) throws InterruptedException {
        return finish(drainTimeout, false);
    }

    /**
     * As {@link #finish(Duration)}; {@code topicMayRepeat} when the job ran at-least-once (see
     * {@link ScenarioReport}).
     */
    public ScenarioReport finish(Duration drainTimeout, boolean topicMayRepeat)
            throws InterruptedException {
        Map<String, Long> published = publisher.stop();
        long deadline = System.nanoTime() + drainTimeout.toNanos();
        while (!pool.allHaveEverything(published) && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        if (pool.badContent() > 0) {
            throw new AssertionError(
                    "scenario "
                            + name
                            + ": clients got "
                            + pool.badContent()
                            + " foreign messages");
        }
        ReaderTotals clients = pool.totals(published);
        ReaderTotals topic =
                audit.read(auditFrom, published.keySet(), target.sourceTopic()).totals(published);
        long total = published.values().stream().mapToLong(Long::longValue).sum();
        return new ScenarioReport(
                name, total, publisher.failures(), clients, topic, topicMayRepeat);
    }

    @Override
    public void close() {
        publisher.close();
        pool.close();
    }
}
