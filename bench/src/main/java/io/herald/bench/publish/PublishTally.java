package io.herald.bench.publish;

import io.herald.bench.report.ResultTable;
import org.HdrHistogram.Histogram;

/**
 * What became of one publisher's messages: acknowledged (with the ack's latency), refused by the
 * edge ({@code error} frames), lost with a closed connection, or failed in the client itself; and
 * the rate they were acknowledged at. Thread-safe.
 */
public final class PublishTally {
    private final Histogram ackMicros = new Histogram(60_000_000L, 3);
    private long acked;
    private long refused;
    private long closed;
    private long clientFailed;
    private long lastAckNanos;

    public synchronized void acked(long sentNanos, long nowNanos) {
        acked++;
        ackMicros.recordValue(Math.min(60_000_000L, Math.max(0, (nowNanos - sentNanos) / 1000)));
        lastAckNanos = Math.max(lastAckNanos, nowNanos);
    }

    public synchronized void refused() {
        refused++;
    }

    public synchronized void closed() {
        closed++;
    }

    public synchronized void clientFailed() {
        clientFailed++;
    }

    /** Adds the row of a run that published {@code sent} messages from {@code startNanos}. */
    public synchronized void report(
            ResultTable table,
            String sdk,
            String delivery,
            int targetRate,
            long sent,
            long startNanos) {
        double seconds = Math.max(1e-9, (lastAckNanos - startNanos) / 1e9);
        table.add(
                "sdk",
                sdk,
                "delivery",
                delivery,
                "target_msg_s",
                targetRate,
                "sent",
                sent,
                "acked",
                acked,
                "refused",
                refused,
                "closed",
                closed,
                "client_failed",
                clientFailed,
                "acked_msg_s",
                acked / seconds,
                "ack_p50_ms",
                ackMicros.getValueAtPercentile(50) / 1000.0,
                "ack_p99_ms",
                ackMicros.getValueAtPercentile(99) / 1000.0);
    }
}
