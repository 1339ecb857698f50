package io.herald.bench.load;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import org.HdrHistogram.Recorder;

/**
 * The counters of one generator process, updated from its event loops: connections ready, failed
 * and closed, deliveries and their latency (µs), and for a resume run the time each connection took
 * to receive everything it missed (ms from the {@code connect} command).
 */
final class GeneratorStats {
    private final int expected;
    private final AtomicInteger ready = new AtomicInteger();
    private final AtomicInteger failed = new AtomicInteger();
    private final AtomicInteger closed = new AtomicInteger();
    private final AtomicInteger errors = new AtomicInteger();
    private final AtomicInteger resumed = new AtomicInteger();
    private final LongAdder delivered = new LongAdder();
    private final LongAdder replayed = new LongAdder();
    private final Recorder latencyMicros = new Recorder(3);
    private final Recorder resumeMillis = new Recorder(3);
    private final AtomicLong connectStart = new AtomicLong();
    private final AtomicLong lastResumed = new AtomicLong();
    private volatile String firstError;

    GeneratorStats(int expected) {
        this.expected = expected;
    }

    /** The storm starts: resume times count from now. */
    void connecting() {
        connectStart.set(System.nanoTime());
    }

    void ready(int n) {
        ready.addAndGet(n);
    }

    int ready() {
        return ready.get();
    }

    int failed() {
        return failed.get();
    }

    void failed(Throwable cause) {
        failed.incrementAndGet();
        error(cause.toString());
    }

    void closed() {
        closed.incrementAndGet();
    }

    void error(String text) {
        if (errors.getAndIncrement() == 0) {
            firstError = text;
        }
    }

    void delivered(long micros) {
        delivered.increment();
        latencyMicros.recordValue(Math.max(0, micros));
    }

    void replayed() {
        replayed.increment();
    }

    void resumed() {
        long now = System.nanoTime();
        resumeMillis.recordValue((now - connectStart.get()) / 1_000_000);
        lastResumed.accumulateAndGet(now, Math::max);
        resumed.incrementAndGet();
    }

    void awaitReady(long timeoutNanos) throws InterruptedException {
        awaitCount(ready, timeoutNanos);
    }

    void awaitResumed(long timeoutNanos) throws InterruptedException {
        awaitCount(resumed, timeoutNanos);
    }

    private void awaitCount(AtomicInteger done, long timeoutNanos) throws InterruptedException {
        long deadline = System.nanoTime() + timeoutNanos;
        while (done.get() + failed.get() + closed.get() < expected
                && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
    }

    /** Starts a measurement window: drops what was counted so far. */
    void reset() {
        delivered.reset();
        latencyMicros.reset();
    }

    /** The window's figures (the latency histogram base64-encoded, for merging). */
    Map<String, Object> result() {
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("ready", ready.get());
        r.put("failed", failed.get());
        r.put("closed", closed.get());
        r.put("errors", errors.get());
        r.put("firstError", firstError);
        r.put("delivered", delivered.sum());
        r.put("latencyMicros", Histograms.encode(latencyMicros.getIntervalHistogram()));
        return r;
    }

    /** A resume run's figures. */
    Map<String, Object> resumeResult() {
        Map<String, Object> r = result();
        r.put("resumed", resumed.get());
        r.put("replayed", replayed.sum());
        r.put("allResumedMillis", (lastResumed.get() - connectStart.get()) / 1_000_000);
        r.put("resumeMillis", Histograms.encode(resumeMillis.getIntervalHistogram()));
        return r;
    }
}
