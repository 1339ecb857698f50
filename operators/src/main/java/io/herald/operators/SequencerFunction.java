package io.herald.operators;

import io.herald.wire.DeadLetterReason;
import io.herald.wire.Position;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.StateTtlConfig;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.metrics.Counter;
import org.apache.flink.runtime.state.FunctionInitializationContext;
import org.apache.flink.runtime.state.FunctionSnapshotContext;
import org.apache.flink.streaming.api.checkpoint.CheckpointedFunction;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The sequencer: stamps every message of a subject with the subject's next position {@code (epoch,
 * seq)}. Keyed by subject ({@link SubjectKeySelector}); the subtask that owns a subject's key group
 * is its coordinator. Records with no valid subject, or too large to sequence ({@link
 * RecordSizeLimit}), go with the reason to {@link #DEAD_LETTERS}.
 *
 * <h2>De-duplication of publishes</h2>
 *
 * A record with a {@code message-id} header whose {@code (publisher, message-id)} was already
 * sequenced on its subject within the de-duplication window ({@link PublishedIds}) is a repeat (a
 * client resending a publish whose ack it lost): it takes no position. Instead the function emits
 * the original's sequenced record again, with the original's position, {@code source} and
 * timestamp, so that the edge waiting for the repeat acknowledges it with the original position;
 * every reader already drops such a record, since its {@code source} is not after the one it
 * accepted (docs/PROTOCOL.md, "Kafka records").
 *
 * <h2>State</h2>
 *
 * <ul>
 *   <li>{@link #POSITION_STATE} (keyed {@code ValueState<SubjectPosition>}): the subject's last
 *       issued position. With a subject state TTL, a subject not written for that long loses it,
 *       and its next message starts a fresh epoch (rule 3 below).
 *   <li>{@link #EPOCH_STATE} (union {@code ListState<Long>}, one value per subtask): {@code
 *       maxIssued}, the highest epoch this instance issued or reserved.
 * </ul>
 *
 * <h2>Epoch rule (invariant 4 of docs/design.md; the proof is in docs/sequencer.md)</h2>
 *
 * Epochs are microseconds since 1970 from the injected {@link EpochClock}, pushed higher when
 * needed. An incarnation is one run of one subtask, from {@code initializeState} to its failure or
 * stop.
 *
 * <ol>
 *   <li>On {@code initializeState}: {@code R} = the maximum of all restored {@link #EPOCH_STATE}
 *       values (−1 when there are none); the incarnation's floor {@code F = max(R + 1, now)};
 *       {@code maxIssued = F} (F is reserved).
 *   <li>A subject whose stored epoch is below {@code F} (restored from before this incarnation)
 *       continues at {@code (F, 0)}.
 *   <li>A subject with no state (new, or its state lost or expired), or whose seq would pass
 *       2^53−1, gets a fresh epoch {@code e = max(maxIssued + 1, now)}, and {@code maxIssued = e}.
 *   <li>A snapshot stores {@code maxIssued}; as union state, every instance of the next incarnation
 *       sees the maximum over all instances of this one, whatever the new parallelism.
 * </ol>
 *
 * <p><b>Claim.</b> Every epoch a subject starts is greater than every epoch it had before.
 *
 * <p><b>Within an incarnation.</b> A subject lives in exactly one subtask per incarnation (key
 * groups do not move while a job runs), so only this instance gave it epochs in this incarnation,
 * all of them {@code >= F}. A fresh epoch (rule 3) is {@code > maxIssued}, which is {@code >=} F
 * and every epoch issued before it in this incarnation: so it beats all of them, whether or not the
 * subject's state still remembers them (lost or expired state included). Rule 2 fires only for a
 * stored epoch {@code < F}, i.e. a subject not yet renewed in this incarnation, and {@code F} is
 * above its stored epoch.
 *
 * <p><b>Across incarnations</b>, restored from a snapshot S. Every epoch any instance issued before
 * S is {@code <=} that instance's {@code maxIssued} in S, so {@code <= R < F}; every epoch of the
 * new incarnation is {@code >= F}. Epochs the old incarnation issued <em>after</em> S are not in S:
 * in exactly-once mode they sit in Kafka transactions that the restore aborts, so no reader ever
 * saw them, unless a later checkpoint was committed and the job is rolled back to an older S; in
 * low-latency mode they were seen. For those, the clock closes the gap: {@code F >= now}, and every
 * epoch the old incarnation issued was at most its clock plus the counter's lead L (rule 3 pushes
 * past the clock only while one subtask starts more than one epoch per microsecond, or when {@code
 * R + 1} was ahead of its clock). So {@code F} exceeds them all as long as a restore starts more
 * than {@code L} after the last epoch the failed incarnation issued, and the machines' clocks agree
 * within that margin. A restart takes hundreds of milliseconds at the very least, while L stays
 * within microseconds: one subtask processes about 100,000 records per second, ten times too few to
 * start a million epochs per second. Epochs here are microseconds, not milliseconds, precisely so
 * that a burst of new subjects (thousands per second are normal) cannot push the counter ahead of
 * the clock by a restart's length.
 *
 * <p>Epochs stay within 2^53−1 (JavaScript-safe) until the year 2255; past that the function fails
 * loudly instead of issuing an unsafe epoch.
 *
 * <p>Savepoint tools that write {@link #POSITION_STATE} must also write {@link #EPOCH_STATE} with a
 * value at least the greatest epoch they wrote; otherwise a restored subject whose epoch is not
 * below {@code F} continues its epoch (still in order, but not renewed).
 */
public class SequencerFunction extends KeyedProcessFunction<String, SourceRecord, SequencedRecord>
        implements CheckpointedFunction {
    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(SequencerFunction.class);

    /** The operator uid; the job sets it, savepoint tools look state up by it. */
    public static final String UID = Uids.SEQUENCER;

    /** Name of the keyed {@code ValueState<SubjectPosition>}: each subject's last position. */
    public static final String POSITION_STATE = "position";

    /** Name of the union {@code ListState<Long>}: the highest epoch each instance issued. */
    public static final String EPOCH_STATE = "max-issued-epoch";

    /** RocksDB's TTL compaction filter reads the current time after this many entries. */
    private static final long TTL_CLEANUP_QUERY_INTERVAL = 1000;

    /** Records not sequenced, with {@link SourceRecord#reason()} and {@code error()} saying why. */
    public static final OutputTag<SourceRecord> DEAD_LETTERS =
            new OutputTag<>("dead-letters", TypeInformation.of(SourceRecord.class));

    private final EpochClock clock;
    private final Duration subjectStateTtl;
    private final Duration dedupWindow;

    private transient ValueState<SubjectPosition> position;
    private transient PublishedIds publishedIds;
    private transient ListState<Long> issuedEpochs;
    private transient long floor;
    private transient long maxIssued;
    private transient Counter deadLetters;
    private transient Counter tooLarge;
    private transient Counter epochsStarted;
    private transient Counter duplicatePublishes;

    /** A sequencer that keeps every subject's position for ever and de-duplicates nothing. */
    public SequencerFunction(EpochClock clock) {
        this(clock, Optional.empty(), Duration.ZERO);
    }

    /**
     * A sequencer whose subjects lose their position after {@code subjectStateTtl} without a
     * message (Flink state TTL, processing time), when set, and that drops a repeat of a {@code
     * (publisher, message-id)} sequenced on its subject within {@code dedupWindow} (zero: none).
     */
    public SequencerFunction(
            EpochClock clock, Optional<Duration> subjectStateTtl, Duration dedupWindow) {
        this.clock = Objects.requireNonNull(clock, "clock");
        this.subjectStateTtl = subjectStateTtl.orElse(null);
        this.dedupWindow = Objects.requireNonNull(dedupWindow, "dedupWindow");
        if (dedupWindow.isNegative()) {
            throw new IllegalArgumentException("negative de-duplication window " + dedupWindow);
        }
    }

    /** The descriptor of {@link #POSITION_STATE}, for the State Processor API too. */
    public static ValueStateDescriptor<SubjectPosition> positionDescriptor() {
        return new ValueStateDescriptor<>(POSITION_STATE, SubjectPosition.class);
    }

    /**
     * The descriptor of the de-duplication window's keyed map state ({@code published-ids}) with
     * its TTL of {@code window}, for the State Processor API: a savepoint writer must use it as the
     * job does, TTL included, or the job cannot restore the state.
     */
    public static MapStateDescriptor<String, PublishedPosition> publishedIdsDescriptor(
            Duration window) {
        return PublishedIds.descriptor(window);
    }

    /** The key of {@code (publisher, messageId)} in {@link #publishedIdsDescriptor}'s state. */
    public static String publishedIdKey(String publisher, String messageId) {
        return PublishedIds.key(publisher, messageId);
    }

    /** The descriptor of {@link #EPOCH_STATE} (union list state), for the State Processor API. */
    public static ListStateDescriptor<Long> epochDescriptor() {
        return new ListStateDescriptor<>(EPOCH_STATE, Types.LONG);
    }

    @Override
    public void initializeState(FunctionInitializationContext context) throws Exception {
        issuedEpochs = context.getOperatorStateStore().getUnionListState(epochDescriptor());
        long restoredMax = -1;
        int restored = 0;
        for (Long epoch : issuedEpochs.get()) {
            restoredMax = Math.max(restoredMax, epoch);
            restored++;
        }
        floor = checkSafe(Math.max(restoredMax + 1, clock.nowMicros()));
        maxIssued = floor;
        LOG.info(
                "sequencer incarnation started subtask={} restoredValues={} restoredMaxEpoch={}"
                        + " floor={}",
                getRuntimeContext().getTaskInfo().getIndexOfThisSubtask(),
                restored,
                restoredMax,
                floor);
    }

    /**
     * The TTL of {@link #POSITION_STATE}: refreshed by every write (every sequenced message), an
     * expired position is never read back, and RocksDB drops expired entries when it compacts.
     */
    static StateTtlConfig positionTtl(Duration ttl) {
        return StateTtlConfig.newBuilder(ttl)
                .updateTtlOnCreateAndWrite()
                .neverReturnExpired()
                .cleanupInRocksdbCompactFilter(TTL_CLEANUP_QUERY_INTERVAL)
                .build();
    }

    @Override
    public void open(OpenContext openContext) {
        ValueStateDescriptor<SubjectPosition> descriptor = positionDescriptor();
        if (subjectStateTtl != null) {
            descriptor.enableTimeToLive(positionTtl(subjectStateTtl));
        }
        position = getRuntimeContext().getState(descriptor);
        if (!dedupWindow.isZero()) {
            publishedIds = PublishedIds.open(getRuntimeContext(), dedupWindow);
        }
        deadLetters = getRuntimeContext().getMetricGroup().counter("deadLetters");
        tooLarge = getRuntimeContext().getMetricGroup().counter("tooLargeRecords");
        epochsStarted = getRuntimeContext().getMetricGroup().counter("epochsStarted");
        duplicatePublishes = getRuntimeContext().getMetricGroup().counter("duplicatePublishes");
        getRuntimeContext().getMetricGroup().gauge("maxIssuedEpoch", () -> maxIssued);
    }

    @Override
    public void processElement(SourceRecord record, Context ctx, Collector<SequencedRecord> out)
            throws Exception {
        if (!record.isValid()) {
            deadLetters.inc();
            if (record.reason() == DeadLetterReason.TOO_LARGE) {
                tooLarge.inc();
            }
            LOG.debug(
                    "dead letter source={} reason={} error={}",
                    record.source(),
                    record.reason().header(),
                    record.error());
            ctx.output(DEAD_LETTERS, record);
            return;
        }
        PublishedPosition original = original(record);
        if (original != null) {
            duplicatePublishes.inc();
            LOG.debug(
                    "duplicate publish subject={} source={} original={}",
                    record.subject(),
                    record.source(),
                    original);
            out.collect(sequenced(record, original));
            return;
        }
        long now = clock.nowMicros();
        SubjectPosition last = position.value();
        SubjectPosition next;
        if (last == null || last.seq >= Position.MAX_SAFE) {
            next = new SubjectPosition(freshEpoch(now), 0);
            epochsStarted.inc();
        } else if (last.epoch < floor) {
            next = new SubjectPosition(floor, 0);
            epochsStarted.inc();
        } else {
            next = new SubjectPosition(last.epoch, last.seq + 1);
        }
        position.update(next);
        if (next.seq == 0 && LOG.isDebugEnabled()) {
            LOG.debug(
                    "epoch started subject={} epoch={} previous={}",
                    record.subject(),
                    next.epoch,
                    last);
        }
        PublishedPosition at =
                new PublishedPosition(next.epoch, next.seq, record.source(), now / 1_000);
        if (publishedIds != null && record.messageId() != null) {
            publishedIds.remember(record.publisher(), record.messageId(), at);
        }
        out.collect(sequenced(record, at));
    }

    /** Where {@code record}'s first copy went, when it is a repeat within the window; else null. */
    private PublishedPosition original(SourceRecord record) throws Exception {
        if (publishedIds == null || record.messageId() == null) {
            return null;
        }
        return publishedIds.find(record.publisher(), record.messageId());
    }

    private static SequencedRecord sequenced(SourceRecord record, PublishedPosition at) {
        return new SequencedRecord(
                record.subject(),
                record.value(),
                at.epoch,
                at.seq,
                at.source,
                record.messageId(),
                record.publisher(),
                at.timestamp);
    }

    @Override
    public void snapshotState(FunctionSnapshotContext context) throws Exception {
        issuedEpochs.update(List.of(maxIssued));
    }

    /** The incarnation floor: epochs below it were issued before this incarnation. */
    long floor() {
        return floor;
    }

    /** The highest epoch this instance issued or reserved. */
    long maxIssued() {
        return maxIssued;
    }

    private long freshEpoch(long now) {
        maxIssued = checkSafe(Math.max(maxIssued + 1, now));
        return maxIssued;
    }

    private static long checkSafe(long epoch) {
        if (epoch > Position.MAX_SAFE) {
            throw new IllegalStateException(
                    "epoch " + epoch + " passes 2^53-1: the epoch clock is wrong or out of range");
        }
        return epoch;
    }
}
