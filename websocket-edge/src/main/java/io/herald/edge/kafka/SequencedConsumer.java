package io.herald.edge.kafka;

import io.herald.edge.cache.MessageCache;
import io.herald.edge.fanout.FanoutBatch;
import io.herald.edge.fanout.Hub;
import io.herald.edge.log.LogSafe;
import io.herald.edge.metrics.EdgeMetrics;
import io.herald.edge.publish.PublishRegistry;
import io.herald.wire.SequencedMessage;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.locks.LockSupport;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.clients.consumer.OffsetOutOfRangeException;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The edge's only Kafka reader: every partition of the sequenced topic, assigned (no group), {@code
 * read_committed}. It starts at {@code now - TTL} ({@code offsetsForTimes}) to warm the cache, is
 * {@link #isReady() ready} once it has read up to the end offsets seen at start, then tails. Each
 * poll becomes one {@link FanoutBatch}. A record that breaks the contract is logged and counted,
 * never fatal. Runs on its own thread; never on an event loop.
 *
 * <p>A poll that returned records but not a full batch is followed by the next one only after
 * {@code fetchInterval}: while messages flow, one fetch and one hand-off per interval instead of
 * one per record; idle, the outstanding fetch waits in the broker ({@link KafkaClients}) and the
 * next message is read as soon as it is there.
 *
 * <p>Once a second it asks the brokers where every partition ends, which proves how far behind it
 * is ({@link CatchUp}): {@link #behind()} once it has not been proven caught up for {@code
 * maxStaleness}, as when its link to Kafka is cut or stalled.
 *
 * <p>{@link #run()} returns only after {@link #stop()}. Whatever else ends the loop (Kafka refusing
 * the read, the topic deleted, a bug) escapes from {@code run()} once the Kafka consumer is closed,
 * so the thread's owner learns that the edge no longer reads Kafka: this class never hides it.
 */
public final class SequencedConsumer implements Runnable {
    private static final Logger LOG = LoggerFactory.getLogger(SequencedConsumer.class);
    private static final Duration POLL = Duration.ofMillis(100);
    private static final long MAINTAIN_EVERY_MS = 1_000;
    private static final long DROP_IDLE_EVERY_MS = 10_000;

    /** How long the once-a-second question for the partitions' ends may wait for its answer. */
    static final Duration END_OFFSETS_TIMEOUT = Duration.ofSeconds(1);

    /**
     * Maintenance passes (one a second) in a row that must find the topic gone before the consumer
     * gives up: metadata can lag for a moment, a deleted topic stays deleted.
     */
    static final int TOPIC_GONE_CHECKS = 3;

    private final Consumer<byte[], byte[]> consumer;
    private final String topic;
    private final Duration ttl;
    private final Duration maxStaleness;
    private final long fetchIntervalNanos;
    private final Clock clock;
    private final Hub hub;
    private final PublishRegistry publishes;
    private final EdgeMetrics metrics;
    private volatile boolean running = true;
    private volatile boolean closed;
    private volatile boolean ready;
    private final CatchUp catchUp = new CatchUp();
    private boolean reportedBehind;
    private List<TopicPartition> partitions = List.of();
    private long lastMaintain;
    private long lastDropIdle;
    private long nextPollNanos;
    private int topicMissing;

    public SequencedConsumer(
            Consumer<byte[], byte[]> consumer,
            String topic,
            Duration ttl,
            Duration maxStaleness,
            Duration fetchInterval,
            Clock clock,
            Hub hub,
            PublishRegistry publishes,
            EdgeMetrics metrics) {
        this.consumer = consumer;
        this.topic = topic;
        this.ttl = ttl;
        this.maxStaleness = maxStaleness;
        this.fetchIntervalNanos = fetchInterval.toNanos();
        this.clock = clock;
        this.hub = hub;
        this.publishes = publishes;
        this.metrics = metrics;
    }

    /** True once the cache holds everything from {@code start - TTL} to the end seen at start. */
    public boolean isReady() {
        return ready;
    }

    /**
     * Why the edge cannot vouch for being current, or empty when it can: once ready, it has not
     * been proven caught up with the sequenced topic for longer than {@code maxStaleness}. Any
     * thread.
     */
    public Optional<String> behind() {
        long staleness = stalenessMillis();
        if (!ready || staleness <= maxStaleness.toMillis()) {
            return Optional.empty();
        }
        return Optional.of(
                "behind: not caught up with the sequenced topic for "
                        + staleness / 1000
                        + " s (max-staleness "
                        + maxStaleness.toSeconds()
                        + " s)");
    }

    /** Milliseconds since the edge was last proven caught up, or -1 until it is warm. */
    public long stalenessMillis() {
        long at = catchUp.caughtUpAt();
        return at < 0 ? -1 : Math.max(0, clock.millis() - at);
    }

    /** Records behind the partitions' ends the brokers last reported, or -1 before any. */
    public long lagRecords() {
        return catchUp.lagRecords();
    }

    /** Stops the loop; the thread running {@link #run()} closes the consumer. Any thread. */
    public void stop() {
        running = false;
        if (!closed) {
            consumer.wakeup();
        }
    }

    /**
     * Reads until {@link #stop()}, then closes the consumer and returns. Anything else that ends
     * the loop is thrown, after the consumer is closed.
     */
    @Override
    public void run() {
        Throwable failure = null;
        try {
            if (assignAndSeek()) {
                while (running) {
                    pollOnce();
                }
            }
        } catch (WakeupException e) {
            if (running) {
                IllegalStateException unexpected =
                        new IllegalStateException("consumer woken up while running", e);
                failure = unexpected;
                throw unexpected;
            }
        } catch (RuntimeException | Error e) {
            failure = e;
            throw e;
        } finally {
            close(failure);
        }
    }

    private void close(Throwable failure) {
        closed = true;
        try {
            consumer.close(Duration.ofSeconds(5));
        } catch (RuntimeException e) {
            if (failure == null) {
                throw e;
            }
            failure.addSuppressed(e);
        }
    }

    /** Assigns every partition and seeks to {@code now - TTL}; false when stopped first. */
    boolean assignAndSeek() {
        List<PartitionInfo> infos = List.of();
        while (running && infos.isEmpty()) {
            try {
                List<PartitionInfo> found = consumer.partitionsFor(topic, Duration.ofSeconds(5));
                infos = found == null ? List.of() : found;
            } catch (org.apache.kafka.common.errors.TimeoutException e) {
                LOG.warn("waiting for topic metadata topic={} error={}", topic, e.getMessage());
            }
            if (infos.isEmpty()) {
                LOG.warn("sequenced topic not found yet, retrying topic={}", topic);
                sleepQuietly(1_000);
            }
        }
        if (!running) {
            return false;
        }
        List<TopicPartition> tps = new ArrayList<>();
        for (PartitionInfo info : infos) {
            tps.add(new TopicPartition(topic, info.partition()));
        }
        partitions = tps;
        consumer.assign(tps);
        long since = clock.millis() - ttl.toMillis();
        Map<TopicPartition, Long> query = new HashMap<>();
        tps.forEach(tp -> query.put(tp, since));
        Map<TopicPartition, OffsetAndTimestamp> starts = consumer.offsetsForTimes(query);
        long askedAt = clock.millis();
        Map<TopicPartition, Long> ends = consumer.endOffsets(tps);
        for (TopicPartition tp : tps) {
            OffsetAndTimestamp start = starts == null ? null : starts.get(tp);
            long offset = start != null ? start.offset() : ends.get(tp);
            consumer.seek(tp, offset);
        }
        catchUp.reported(askedAt, ends);
        LOG.info(
                "warming cache topic={} partitions={} since={} until={}",
                topic,
                tps.size(),
                since,
                ends);
        checkReady();
        return true;
    }

    /** One poll: decode, cache, hand to the event loops, then housekeeping. */
    void pollOnce() {
        long wait = nextPollNanos - System.nanoTime();
        if (wait > 0) {
            LockSupport.parkNanos(wait);
        }
        ConsumerRecords<byte[], byte[]> records;
        try {
            records = consumer.poll(POLL);
        } catch (OffsetOutOfRangeException e) {
            LOG.error(
                    "records lost to retention, recovery proofs reset partitions={}",
                    e.partitions());
            hub.breakContinuity();
            consumer.seekToBeginning(e.partitions());
            return;
        }
        if (!records.isEmpty()) {
            if (records.count() < KafkaClients.MAX_POLL_RECORDS) {
                nextPollNanos = System.nanoTime() + fetchIntervalNanos;
            }
            FanoutBatch batch = hub.newBatch();
            for (ConsumerRecord<byte[], byte[]> r : records) {
                handle(r, batch);
            }
            if (!batch.dispatch() && running) {
                throw new IllegalStateException(
                        "interrupted while handing messages to the event loops");
            }
        }
        long now = clock.millis();
        if (now - lastMaintain >= MAINTAIN_EVERY_MS) {
            boolean dropIdle = now - lastDropIdle >= DROP_IDLE_EVERY_MS;
            hub.maintain(dropIdle);
            lastMaintain = now;
            if (dropIdle) {
                lastDropIdle = now;
            }
            proveCaughtUp();
            checkTopicExists();
        }
        if (!ready) {
            checkReady();
        } else {
            catchUp.positions(consumer::position);
            logStalenessChange();
        }
    }

    private void handle(ConsumerRecord<byte[], byte[]> r, FanoutBatch batch) {
        SequencedMessage m;
        try {
            m = SequencedRecords.decode(r);
        } catch (RuntimeException e) {
            metrics.malformedRecord();
            LOG.warn(
                    "malformed sequenced record skipped topic={} partition={} offset={} error={}",
                    r.topic(),
                    r.partition(),
                    r.offset(),
                    LogSafe.text(e.getMessage()));
            return;
        }
        MessageCache.Outcome outcome = hub.offer(m, batch);
        switch (outcome) {
            case DUPLICATE:
                metrics.duplicateDropped();
                break;
            case OUT_OF_ORDER:
                metrics.outOfOrderDropped();
                break;
            case ACCEPTED_AFTER_GAP:
                metrics.sequenceGap();
                metrics.recordIn();
                break;
            default:
                metrics.recordIn();
        }
        publishes.onSequenced(m, batch);
    }

    /** Ready once the first proof, the ends seen at start, is settled. */
    private void checkReady() {
        catchUp.positions(consumer::position);
        if (catchUp.caughtUpAt() < 0) {
            return;
        }
        ready = true;
        LOG.info(
                "cache warm topic={} messages={} subjects={}",
                topic,
                hub.cacheMessages(),
                hub.cacheSubjects());
    }

    /**
     * The consumer does not notice on its own that its topic was deleted: it polls nothing, for
     * ever. Its metadata does (from its cache, unless the topic is gone from it).
     */
    private void checkTopicExists() {
        List<PartitionInfo> infos;
        try {
            infos = consumer.partitionsFor(topic, Duration.ofSeconds(5));
        } catch (org.apache.kafka.common.errors.TimeoutException e) {
            LOG.warn(
                    "no metadata for the sequenced topic topic={} error={}", topic, e.getMessage());
            return;
        }
        if (infos != null && !infos.isEmpty()) {
            topicMissing = 0;
        } else if (++topicMissing >= TOPIC_GONE_CHECKS) {
            throw new IllegalStateException("the sequenced topic " + topic + " no longer exists");
        }
    }

    /** Asks the brokers where the partitions end; unanswered (link down) it proves nothing. */
    private void proveCaughtUp() {
        long askedAt = clock.millis();
        try {
            catchUp.reported(askedAt, consumer.endOffsets(partitions, END_OFFSETS_TIMEOUT));
        } catch (org.apache.kafka.common.errors.TimeoutException e) {
            LOG.debug(
                    "no answer for the partitions' ends topic={} error={}", topic, e.getMessage());
        }
    }

    /** Logs once when the edge falls behind, and once when it has caught up again. */
    private void logStalenessChange() {
        Optional<String> behind = behind();
        if (behind.isPresent() && !reportedBehind) {
            reportedBehind = true;
            LOG.warn(
                    "edge behind the sequenced topic, it cannot vouch for being current topic={}"
                            + " reason={} lagRecords={}",
                    topic,
                    behind.get(),
                    lagRecords());
        } else if (behind.isEmpty() && reportedBehind) {
            reportedBehind = false;
            LOG.info("edge caught up with the sequenced topic again topic={}", topic);
        }
    }

    private static void sleepQuietly(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
