package io.herald.edge.deep;

import io.herald.edge.fanout.Hub;
import io.herald.edge.log.LogSafe;
import io.herald.edge.metrics.EdgeMetrics;
import io.herald.wire.Position;
import io.herald.wire.Subject;
import io.netty.channel.EventLoop;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Deep recoveries: resumes served from the sequenced topic when the cache no longer reaches back.
 * Resumes of one subject that arrive while a read of it is queued join that read (its start covers
 * the oldest of them), so a thousand clients back from the same outage cost one read or two. At
 * most {@link DeepRecoveryLimits#maxReads()} reads are queued or running; {@link
 * DeepRecoveryLimits#consumers()} threads run them, each with its own Kafka consumer, never on an
 * event loop. Each waiting resume gets the shared {@link LogSlice} on its own event loop.
 */
public final class DeepRecoveries implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(DeepRecoveries.class);

    /**
     * How much earlier than the client's timestamp the read starts: room for a clock or rounding
     * difference, at the cost of a few more records read.
     */
    static final long TIMESTAMP_MARGIN_MS = 5_000;

    /** One resume waiting for a read: its position, where the answer goes, and the answer. */
    public record Waiter(
            Position from, long fromTimestamp, EventLoop loop, Consumer<LogSlice> then) {}

    /** The resumes of one subject that one read serves. Guarded by the DeepRecoveries lock. */
    private static final class Read {
        final Subject subject;
        final List<Waiter> waiters = new ArrayList<>();
        Position minFrom;

        Read(Subject subject) {
            this.subject = subject;
        }
    }

    private final DeepRecoveryLimits limits;
    private final Hub hub;
    private final EdgeMetrics metrics;
    private final Map<Subject, Read> queuedBySubject = new HashMap<>();
    private final Map<Subject, Read> runningBySubject = new HashMap<>();
    private final ArrayDeque<Read> queue = new ArrayDeque<>();
    private final List<Thread> threads = new ArrayList<>();
    private final List<org.apache.kafka.clients.consumer.Consumer<byte[], byte[]>> consumers =
            new ArrayList<>();
    private int running;
    private boolean closed;

    /**
     * Starts {@code limits.consumers()} reader threads made by {@code threads}, each with a
     * consumer from {@code newConsumer}, on {@code topic}.
     */
    public DeepRecoveries(
            DeepRecoveryLimits limits,
            Hub hub,
            EdgeMetrics metrics,
            String topic,
            Supplier<org.apache.kafka.clients.consumer.Consumer<byte[], byte[]>> newConsumer,
            java.util.function.Function<Runnable, Thread> threads) {
        this.limits = limits;
        this.hub = hub;
        this.metrics = metrics;
        for (int i = 0; i < limits.consumers(); i++) {
            var consumer = newConsumer.get();
            consumers.add(consumer);
            PartitionReader reader = new PartitionReader(consumer, topic);
            Thread t = threads.apply(() -> runReads(reader, consumer));
            this.threads.add(t);
        }
        this.threads.forEach(Thread::start);
    }

    public boolean enabled() {
        return limits.enabled();
    }

    /**
     * Queues {@code waiter} for a read of {@code subject}: it joins the queued read of the subject,
     * or the running one when that one collects from at or before {@code waiter.from()}; false when
     * the edge already has {@code maxReads} reads queued or running and none of {@code subject} to
     * join (reason {@code busy}). Any thread.
     */
    public synchronized boolean request(Subject subject, Waiter waiter) {
        if (closed) {
            return false;
        }
        Read reading = runningBySubject.get(subject);
        if (reading != null && reading.minFrom.compareTo(waiter.from()) <= 0) {
            reading.waiters.add(waiter);
            return true;
        }
        Read read = queuedBySubject.get(subject);
        if (read == null) {
            if (queue.size() + running >= limits.maxReads()) {
                return false;
            }
            read = new Read(subject);
            queuedBySubject.put(subject, read);
            queue.add(read);
            notifyAll();
        }
        read.waiters.add(waiter);
        return true;
    }

    private synchronized Read next() throws InterruptedException {
        while (queue.isEmpty() && !closed) {
            wait();
        }
        if (closed) {
            return null;
        }
        Read read = queue.poll();
        queuedBySubject.remove(read.subject);
        for (Waiter w : read.waiters) {
            if (read.minFrom == null || w.from().compareTo(read.minFrom) < 0) {
                read.minFrom = w.from();
            }
        }
        runningBySubject.put(read.subject, read);
        running++;
        return read;
    }

    /** The read is over: no one joins it any more; who waits for it. */
    private synchronized List<Waiter> finish(Read read) {
        runningBySubject.remove(read.subject, read);
        return List.copyOf(read.waiters);
    }

    private synchronized void done() {
        running--;
    }

    private void runReads(
            PartitionReader reader, org.apache.kafka.clients.consumer.Consumer<byte[], byte[]> c) {
        try {
            Read read;
            while ((read = next()) != null) {
                try {
                    serve(read, reader);
                } finally {
                    done();
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            c.close();
        }
    }

    private void serve(Read read, PartitionReader reader) {
        long startTimestamp = Long.MAX_VALUE;
        Position minFrom;
        synchronized (this) {
            minFrom = read.minFrom;
            for (Waiter w : read.waiters) {
                startTimestamp =
                        w.fromTimestamp() < 0
                                ? -1
                                : Math.min(startTimestamp, w.fromTimestamp() - TIMESTAMP_MARGIN_MS);
            }
        }
        LogSlice slice;
        metrics.deepRead();
        try {
            slice =
                    reader.read(
                            read.subject,
                            minFrom,
                            Math.max(-1, startTimestamp),
                            limits.maxMessages(),
                            hub::coverage);
        } catch (WakeupException e) {
            slice = LogSlice.failed(read.subject, PartialReason.KAFKA_ERROR);
        } catch (RuntimeException e) {
            LOG.warn(
                    "deep recovery read failed subject={} error={}",
                    LogSafe.text(read.subject),
                    LogSafe.text(String.valueOf(e)));
            slice = LogSlice.failed(read.subject, PartialReason.KAFKA_ERROR);
        }
        List<Waiter> waiters = finish(read);
        LOG.debug(
                "deep recovery read subject={} waiters={} messages={} cut={}",
                LogSafe.text(read.subject),
                waiters.size(),
                slice.messages().size(),
                slice.cut());
        for (Waiter w : waiters) {
            LogSlice answer = slice;
            w.loop().execute(() -> w.then().accept(answer));
        }
    }

    /** Stops the readers; waiting resumes get no answer (their connections are closing). */
    @Override
    public void close() {
        synchronized (this) {
            closed = true;
            notifyAll();
        }
        consumers.forEach(org.apache.kafka.clients.consumer.Consumer::wakeup);
        for (Thread t : threads) {
            try {
                t.join(5_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
