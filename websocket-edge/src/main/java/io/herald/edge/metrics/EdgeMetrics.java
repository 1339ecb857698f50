package io.herald.edge.metrics;

import io.herald.wire.frame.ErrorCode;
import java.lang.management.ManagementFactory;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongSupplier;

/**
 * The edge's counters and gauges, rendered as Prometheus text ({@link PrometheusText}). Counters
 * are {@link LongAdder}s, cheap from any thread; gauges are read when scraped.
 */
public final class EdgeMetrics {
    private final LongAdder connectionsOpened = new LongAdder();
    private final LongAdder connectionsClosed = new LongAdder();
    private final LongAdder subscriptions = new LongAdder();
    private final LongAdder recordsIn = new LongAdder();
    private final LongAdder malformedRecords = new LongAdder();
    private final LongAdder duplicatesDropped = new LongAdder();
    private final LongAdder outOfOrderDropped = new LongAdder();
    private final LongAdder sequenceGaps = new LongAdder();
    private final LongAdder deliveries = new LongAdder();
    private final LongAdder replayed = new LongAdder();
    private final LongAdder faultDrops = new LongAdder();
    private final LongAdder slowConsumerDisconnects = new LongAdder();
    private final LongAdder deliveryGapDisconnects = new LongAdder();
    private final LongAdder framesIn = new LongAdder();
    private final LongAdder httpRequests = new LongAdder();
    private final LongAdder publishRequests = new LongAdder();
    private final LongAdder publishAcks = new LongAdder();
    private final LongAdder publishTimeouts = new LongAdder();
    private final LongAdder publishFailures = new LongAdder();
    private final LongAdder deepStarted = new LongAdder();
    private final LongAdder deepCompleted = new LongAdder();
    private final Map<String, LongAdder> deepPartial =
            new java.util.concurrent.ConcurrentHashMap<>();
    private final LongAdder deepReplayed = new LongAdder();
    private final LongAdder deepReads = new LongAdder();
    private final LongAdder deepMillis = new LongAdder();
    private final LongAdder deepFinished = new LongAdder();
    private final Map<ErrorCode, LongAdder> errors = new EnumMap<>(ErrorCode.class);
    private final Map<Integer, LongAdder> closes = new java.util.concurrent.ConcurrentHashMap<>();

    public EdgeMetrics() {
        for (ErrorCode code : ErrorCode.values()) {
            errors.put(code, new LongAdder());
        }
    }

    public void connectionOpened() {
        connectionsOpened.increment();
    }

    public void connectionClosed() {
        connectionsClosed.increment();
    }

    public void subscriptionsChanged(int delta) {
        subscriptions.add(delta);
    }

    public void recordIn() {
        recordsIn.increment();
    }

    public void malformedRecord() {
        malformedRecords.increment();
    }

    public void duplicateDropped() {
        duplicatesDropped.increment();
    }

    public void outOfOrderDropped() {
        outOfOrderDropped.increment();
    }

    public void sequenceGap() {
        sequenceGaps.increment();
    }

    public void deliveries(long n) {
        if (n > 0) {
            deliveries.add(n);
        }
    }

    public void replayed(long n) {
        replayed.add(n);
    }

    public void faultDrop() {
        faultDrops.increment();
    }

    public void slowConsumerDisconnect() {
        slowConsumerDisconnects.increment();
    }

    public void deliveryGapDisconnect() {
        deliveryGapDisconnects.increment();
    }

    public void frameIn() {
        framesIn.increment();
    }

    public void httpRequest() {
        httpRequests.increment();
    }

    public void publishRequest() {
        publishRequests.increment();
    }

    public void publishAck() {
        publishAcks.increment();
    }

    public void publishTimeout() {
        publishTimeouts.increment();
    }

    public void publishFailure() {
        publishFailures.increment();
    }

    public void errorSent(ErrorCode code) {
        errors.get(code).increment();
    }

    /** A resume the cache did not cover went to a deep recovery from Kafka. */
    public void deepRecoveryStarted() {
        deepStarted.increment();
    }

    /** A deep recovery ended {@code complete}, replaying {@code fromKafka} messages read there. */
    public void deepRecoveryCompleted(long fromKafka, long millis) {
        deepCompleted.increment();
        deepReplayed.add(fromKafka);
        deepFinished(millis);
    }

    /** A deep recovery ended {@code partial} for {@code reason}. */
    public void deepRecoveryPartial(String reason, long millis) {
        deepPartial.computeIfAbsent(reason, r -> new LongAdder()).increment();
        deepFinished(millis);
    }

    /** One read of the sequenced topic, shared by every deep recovery waiting for it. */
    public void deepRead() {
        deepReads.increment();
    }

    private void deepFinished(long millis) {
        deepMillis.add(millis);
        deepFinished.increment();
    }

    public long deepRecoveriesCompleted() {
        return deepCompleted.sum();
    }

    public long deepRecoveriesPartial() {
        return deepPartial.values().stream().mapToLong(LongAdder::sum).sum();
    }

    public long deepReads() {
        return deepReads.sum();
    }

    public long deepReplayed() {
        return deepReplayed.sum();
    }

    public void closeSent(int code) {
        closes.computeIfAbsent(code, c -> new LongAdder()).increment();
    }

    public long deliveries() {
        return deliveries.sum();
    }

    public long slowConsumerDisconnects() {
        return slowConsumerDisconnects.sum();
    }

    public long deliveryGapDisconnects() {
        return deliveryGapDisconnects.sum();
    }

    /** Close frames sent with {@code code}. */
    public long closesSent(int code) {
        LongAdder n = closes.get(code);
        return n == null ? 0 : n.sum();
    }

    public long malformedRecords() {
        return malformedRecords.sum();
    }

    public long duplicatesDropped() {
        return duplicatesDropped.sum();
    }

    public long recordsIn() {
        return recordsIn.sum();
    }

    /** The gauges only the composition root can read. */
    public record Gauges(
            LongSupplier connections,
            LongSupplier cacheMessages,
            LongSupplier cacheBytes,
            LongSupplier cacheSubjects,
            LongSupplier outboundPendingBytes,
            LongSupplier ready,
            LongSupplier consumerLagRecords,
            LongSupplier stalenessMillis) {}

    /** The Prometheus text exposition of every metric. */
    public String render(Gauges g) {
        PrometheusText t = new PrometheusText();
        t.gauge(
                "herald_edge_ready",
                "1 while the edge serves: warm, current and not failed",
                g.ready().getAsLong());
        t.gauge(
                "herald_edge_connections",
                "open WebSocket connections",
                g.connections().getAsLong());
        t.gauge(
                "herald_edge_heap_used_bytes",
                "JVM heap in use",
                ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed());
        t.counter(
                "herald_edge_connections_opened_total",
                "WebSocket connections accepted",
                connectionsOpened.sum());
        t.counter(
                "herald_edge_connections_closed_total",
                "WebSocket connections closed",
                connectionsClosed.sum());
        t.gauge(
                "herald_edge_subscriptions",
                "subscriptions over all connections",
                subscriptions.sum());
        t.counter(
                "herald_edge_messages_in_total",
                "sequenced records accepted into the cache",
                recordsIn.sum());
        t.counter(
                "herald_edge_messages_out_total",
                "live message frames written to clients",
                deliveries.sum());
        t.counter(
                "herald_edge_messages_replayed_total",
                "cached message frames replayed",
                replayed.sum());
        t.counter(
                "herald_edge_records_malformed_total",
                "sequenced records that broke the contract",
                malformedRecords.sum());
        t.counter(
                "herald_edge_records_duplicate_total",
                "re-delivered records dropped by source",
                duplicatesDropped.sum());
        t.counter(
                "herald_edge_records_out_of_order_total",
                "records dropped for a position going back",
                outOfOrderDropped.sum());
        t.counter(
                "herald_edge_sequence_gaps_total",
                "holes in seq seen on the sequenced topic",
                sequenceGaps.sum());
        t.gauge(
                "herald_edge_cache_messages",
                "messages in the cache",
                g.cacheMessages().getAsLong());
        t.gauge(
                "herald_edge_cache_bytes",
                "bytes counted against the cache budget",
                g.cacheBytes().getAsLong());
        t.gauge(
                "herald_edge_cache_subjects",
                "subjects the cache knows",
                g.cacheSubjects().getAsLong());
        t.gauge(
                "herald_edge_consumer_lag_records",
                "records behind the sequenced topic's end as the brokers last reported it",
                g.consumerLagRecords().getAsLong());
        long staleness = g.stalenessMillis().getAsLong();
        t.gauge(
                "herald_edge_staleness_seconds",
                "time since the edge was last proven caught up with the sequenced topic"
                        + " (-1 until warm)",
                staleness < 0 ? -1.0 : staleness / 1000.0);
        t.gauge(
                "herald_edge_outbound_pending_bytes",
                "bytes queued to clients, all connections",
                g.outboundPendingBytes().getAsLong());
        t.counter(
                "herald_edge_slow_consumer_disconnects_total",
                "connections closed with 4008",
                slowConsumerDisconnects.sum());
        t.counter(
                "herald_edge_delivery_gap_disconnects_total",
                "connections closed with 1011 rather than skip positions",
                deliveryGapDisconnects.sum());
        t.counter(
                "herald_edge_fault_drops_total",
                "TEST ONLY: deliveries dropped by --fault-drop-every",
                faultDrops.sum());
        t.counter("herald_edge_frames_in_total", "client frames received", framesIn.sum());
        t.counter(
                "herald_edge_http_requests_total",
                "plain HTTP requests answered (not WebSocket upgrades)",
                httpRequests.sum());
        t.counter(
                "herald_edge_publish_requests_total",
                "publish frames accepted",
                publishRequests.sum());
        t.counter("herald_edge_publish_acks_total", "publishes acknowledged", publishAcks.sum());
        t.counter(
                "herald_edge_publish_timeouts_total",
                "publishes answered PUBLISH_TIMEOUT",
                publishTimeouts.sum());
        t.counter(
                "herald_edge_publish_failures_total",
                "publishes answered PUBLISH_FAILED",
                publishFailures.sum());
        t.counter(
                "herald_edge_deep_recoveries_started_total",
                "resumes the cache did not cover, sent to a read of the sequenced topic",
                deepStarted.sum());
        t.counter(
                "herald_edge_deep_recoveries_complete_total",
                "deep recoveries answered complete",
                deepCompleted.sum());
        t.labelled(
                "herald_edge_deep_recoveries_partial_total",
                "deep recoveries answered partial, by reason",
                "reason",
                deepPartial);
        t.counter(
                "herald_edge_deep_recovery_messages_total",
                "messages read from Kafka and replayed by deep recoveries",
                deepReplayed.sum());
        t.counter(
                "herald_edge_deep_recovery_reads_total",
                "reads of the sequenced topic (one serves every recovery of a subject waiting)",
                deepReads.sum());
        t.counter(
                "herald_edge_deep_recovery_milliseconds_total",
                "time from resume to the subscribed frame, summed over finished deep recoveries",
                deepMillis.sum());
        t.counter(
                "herald_edge_deep_recoveries_finished_total",
                "finished deep recoveries, complete or partial (the mean time's divisor)",
                deepFinished.sum());
        t.labelled("herald_edge_errors_total", "error frames sent, by code", "code", errors);
        t.labelled(
                "herald_edge_closes_total",
                "close frames sent by the edge, by code",
                "code",
                closes);
        return t.toString();
    }
}
