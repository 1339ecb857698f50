package io.herald.failover.load;

import io.herald.wire.Subject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes to a set of subjects at a steady total rate from one thread, round-robin, numbering
 * each subject's messages 0, 1, 2, ... ({@link LoadMessage}). The producer it is given is
 * idempotent with {@code acks=all}, so per subject the numbers land in the source topic in order,
 * once. Falling behind (a broker failing over blocks sends) is caught up afterwards, so the total
 * count matches the rate over the run.
 */
public final class Publisher implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Publisher.class);
    private static final long TICK_NANOS = Duration.ofMillis(10).toNanos();

    private final KafkaProducer<byte[], byte[]> producer;
    private final List<Subject> subjects;
    private final int ratePerSecond;
    private final long[] sent;
    private final AtomicLong failures = new AtomicLong();
    private final AtomicReference<Exception> firstFailure = new AtomicReference<>();
    private final Thread thread;
    private volatile boolean running = true;

    /**
     * @param producer an idempotent {@code acks=all} producer, closed with this publisher
     * @param subjects where to publish; each subject's topic must exist
     * @param ratePerSecond total messages per second over all subjects
     */
    public Publisher(
            KafkaProducer<byte[], byte[]> producer, List<Subject> subjects, int ratePerSecond) {
        if (subjects.isEmpty() || ratePerSecond < 1) {
            throw new IllegalArgumentException("need subjects and a positive rate");
        }
        this.producer = producer;
        this.subjects = List.copyOf(subjects);
        this.ratePerSecond = ratePerSecond;
        this.sent = new long[subjects.size()];
        this.thread = new Thread(this::run, "load-publisher");
        thread.setDaemon(true);
    }

    public void start() {
        thread.start();
    }

    private void run() {
        long start = System.nanoTime();
        long total = 0;
        int next = 0;
        while (running) {
            long due = (System.nanoTime() - start) * ratePerSecond / 1_000_000_000L;
            for (; total < due && running; total++) {
                send(next);
                next = (next + 1) % subjects.size();
            }
            long sleep = TICK_NANOS - (System.nanoTime() - start) % TICK_NANOS;
            try {
                Thread.sleep(sleep / 1_000_000, (int) (sleep % 1_000_000));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private void send(int index) {
        Subject subject = subjects.get(index);
        long number = sent[index]++;
        String content = new LoadMessage(number, System.nanoTime()).content();
        byte[] key = subject.key() == null ? null : subject.key().getBytes(StandardCharsets.UTF_8);
        producer.send(
                new ProducerRecord<>(
                        subject.topic(), key, content.getBytes(StandardCharsets.UTF_8)),
                (metadata, error) -> {
                    if (error != null) {
                        failures.incrementAndGet();
                        if (firstFailure.compareAndSet(null, error)) {
                            LOG.error(
                                    "publish failed subject={} number={}", subject, number, error);
                        }
                    }
                });
    }

    /**
     * Stops publishing and waits until every send is acknowledged or failed; returns how many
     * messages each subject got (numbers 0 to count - 1).
     */
    public Map<String, Long> stop() throws InterruptedException {
        running = false;
        thread.join(Duration.ofSeconds(30).toMillis());
        producer.flush();
        return IntStream.range(0, subjects.size())
                .boxed()
                .collect(Collectors.toMap(i -> subjects.get(i).toString(), i -> sent[i]));
    }

    /** Sends that failed for good (after the producer's own retries). */
    public long failures() {
        return failures.get();
    }

    @Override
    public void close() {
        running = false;
        producer.close(Duration.ofSeconds(10));
    }
}
