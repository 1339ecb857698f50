package io.herald.edge.publish;

import io.herald.edge.log.LogSafe;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hands client publishes to the Kafka producer on a thread of its own, since {@code send} may block
 * (metadata, full buffer) and event loops never block. The queue is bounded: {@link #offer} says no
 * when it is full and the connection answers {@code OVERLOADED}. A failed {@code send} fails that
 * publish only; anything else that ends the thread before {@link #close()} escapes from it, for the
 * thread factory's uncaught-exception handler to see.
 */
public final class PublishSender implements PublishQueue, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(PublishSender.class);
    static final int QUEUE_CAPACITY = 10_000;

    private record Job(PendingPublish publish, ProducerRecord<byte[], byte[]> record) {}

    private final Producer<byte[], byte[]> producer;
    private final PublishRegistry registry;
    private final BlockingQueue<Job> queue = new ArrayBlockingQueue<>(QUEUE_CAPACITY);
    private final Thread thread;
    private volatile boolean running = true;

    /** Starts the sending thread, made by {@code threads}. */
    public PublishSender(
            Producer<byte[], byte[]> producer, PublishRegistry registry, ThreadFactory threads) {
        this.producer = producer;
        this.registry = registry;
        this.thread = threads.newThread(this::run);
        this.thread.start();
    }

    @Override
    public boolean offer(PendingPublish publish, ProducerRecord<byte[], byte[]> record) {
        return running && queue.offer(new Job(publish, record));
    }

    private void run() {
        while (running || !queue.isEmpty()) {
            Job job;
            try {
                job = queue.poll(100, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                if (running) {
                    throw new IllegalStateException("publish sender interrupted", e);
                }
                break;
            }
            if (job != null) {
                send(job);
            }
        }
    }

    private void send(Job job) {
        try {
            producer.send(
                    job.record(),
                    (metadata, error) -> {
                        if (error != null) {
                            fail(job.publish(), error);
                        }
                    });
        } catch (RuntimeException e) {
            fail(job.publish(), e);
        }
    }

    private void fail(PendingPublish p, Exception error) {
        LOG.warn(
                "publish failed subject={} publisher={} messageId={} error={}",
                LogSafe.text(p.subject()),
                LogSafe.text(p.publisher()),
                LogSafe.text(p.id()),
                error.toString());
        if (registry.remove(p)) {
            try {
                p.owner().loop().execute(() -> p.owner().onPublishFailed(p, error));
            } catch (java.util.concurrent.RejectedExecutionException shuttingDown) {
                LOG.debug(
                        "event loop gone, publish failure not reported messageId={}",
                        LogSafe.text(p.id()));
            }
        }
    }

    @Override
    public void close() {
        running = false;
        try {
            thread.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
