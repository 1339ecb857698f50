package io.herald.operators;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.functions.RichMapFunction;
import org.apache.flink.api.common.state.CheckpointListener;
import org.apache.flink.metrics.Counter;
import org.apache.flink.runtime.state.FunctionInitializationContext;
import org.apache.flink.runtime.state.FunctionSnapshotContext;
import org.apache.flink.streaming.api.checkpoint.CheckpointedFunction;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Commits the source offsets of every completed checkpoint to the job's consumer group, as soon as
 * the checkpoint completes. Chained right after the Kafka source, it passes every record through
 * unchanged and remembers, per source partition, the offset after the last record it saw; at a
 * checkpoint barrier those are exactly the offsets the source stored in the checkpoint.
 *
 * <p>It replaces the connector's own commit ({@code commit.offsets.on.checkpoint}), which
 * flink-connector-kafka 5.0.0-2.2 runs on the fetcher thread only after the fetcher's current
 * {@code poll} returns: up to 10 s late on an idle source, and never when the job stops first (a
 * stop-with-savepoint shortly after the last records left the group's offsets behind). Here the
 * commit is an {@link Admin#alterConsumerGroupOffsets} call sent from {@link
 * #notifyCheckpointComplete}; {@link #close} waits (bounded) for those in flight, so a
 * stop-with-savepoint leaves the group at the savepoint's offsets.
 *
 * <p>The group must have no active members (the Kafka source assigns partitions itself and never
 * joins it). Commits are advisory, as the connector's are: a failed one is logged and counted
 * ({@code offsetCommitsFailed}); checkpoints and savepoints stay the job's source of truth. Holds
 * no Flink state.
 */
public class SourceOffsetCommitter extends RichMapFunction<SourceRecord, SourceRecord>
        implements CheckpointedFunction, CheckpointListener {

    /** The uid of the operator, chained to the source. */
    public static final String UID = Uids.SOURCE_OFFSET_COMMITTER;

    /** How long {@link #close} waits for commits still in flight. */
    public static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(10);

    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(SourceOffsetCommitter.class);

    private final String bootstrapServers;
    private final HashMap<String, String> clientProperties;
    private final String groupId;

    private transient Map<TopicPartition, long[]> nextOffsets;
    private transient TreeMap<Long, Map<TopicPartition, OffsetAndMetadata>> pending;
    private transient String lastTopic;
    private transient int lastPartition;
    private transient long[] lastNext;
    private transient Admin admin;
    private transient List<KafkaFuture<Void>> inFlight;
    private transient Counter failed;

    /**
     * Commits to {@code groupId} on the cluster at {@code bootstrapServers}, with the job's other
     * Kafka client properties ({@code --kafka-config}: security settings).
     */
    public SourceOffsetCommitter(
            String bootstrapServers, Map<String, String> clientProperties, String groupId) {
        this.bootstrapServers = Objects.requireNonNull(bootstrapServers, "bootstrapServers");
        this.clientProperties = new HashMap<>(clientProperties);
        this.groupId = Objects.requireNonNull(groupId, "groupId");
    }

    @Override
    public void initializeState(FunctionInitializationContext context) {
        nextOffsets = new HashMap<>();
        pending = new TreeMap<>();
        inFlight = new ArrayList<>();
    }

    @Override
    public void open(OpenContext openContext) {
        Properties props = new Properties();
        props.putAll(clientProperties);
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(
                AdminClientConfig.CLIENT_ID_CONFIG,
                groupId + "-offsets-" + getRuntimeContext().getTaskInfo().getIndexOfThisSubtask());
        admin = Admin.create(props);
        failed = getRuntimeContext().getMetricGroup().counter("offsetCommitsFailed");
    }

    @Override
    public SourceRecord map(SourceRecord record) {
        if (record.partition() != lastPartition || !record.topic().equals(lastTopic)) {
            lastTopic = record.topic();
            lastPartition = record.partition();
            lastNext =
                    nextOffsets.computeIfAbsent(
                            new TopicPartition(lastTopic, lastPartition), tp -> new long[1]);
        }
        lastNext[0] = record.offset() + 1;
        return record;
    }

    @Override
    public void snapshotState(FunctionSnapshotContext context) {
        if (nextOffsets.isEmpty()) {
            return;
        }
        Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
        nextOffsets.forEach((tp, next) -> offsets.put(tp, new OffsetAndMetadata(next[0])));
        pending.put(context.getCheckpointId(), offsets);
    }

    @Override
    public void notifyCheckpointComplete(long checkpointId) {
        Map<TopicPartition, OffsetAndMetadata> offsets = pending.get(checkpointId);
        pending.headMap(checkpointId, true).clear();
        if (offsets == null) {
            return;
        }
        inFlight.removeIf(KafkaFuture::isDone);
        KafkaFuture<Void> commit = admin.alterConsumerGroupOffsets(groupId, offsets).all();
        inFlight.add(commit);
        commit.whenComplete(
                (ignored, e) -> {
                    if (e != null) {
                        failed.inc();
                        LOG.warn(
                                "source offset commit failed group={} checkpoint={}",
                                groupId,
                                checkpointId,
                                e);
                    } else {
                        LOG.debug(
                                "source offsets committed group={} checkpoint={} offsets={}",
                                groupId,
                                checkpointId,
                                offsets);
                    }
                });
    }

    @Override
    public void notifyCheckpointAborted(long checkpointId) {
        pending.remove(checkpointId);
    }

    /**
     * Waits, up to {@link #CLOSE_TIMEOUT} in all, for the commits in flight (a commit is two admin
     * calls, coordinator lookup then commit, and a closing admin refuses the second), then closes
     * the admin client.
     */
    @Override
    public void close() throws InterruptedException {
        if (admin == null) {
            return;
        }
        long deadline = System.nanoTime() + CLOSE_TIMEOUT.toNanos();
        for (KafkaFuture<Void> commit : inFlight) {
            try {
                commit.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            } catch (ExecutionException e) {
                // Logged and counted by the commit's own callback.
            } catch (TimeoutException e) {
                LOG.warn(
                        "source offset commit still in flight at close group={} timeout={}",
                        groupId,
                        CLOSE_TIMEOUT);
                break;
            }
        }
        admin.close(Duration.ofMillis(Math.max(0, (deadline - System.nanoTime()) / 1_000_000)));
    }
}
