package io.herald.edge.it;

import io.herald.testing.EmbeddedKafka;
import io.herald.wire.Position;
import io.herald.wire.frame.EdgeFrame;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A well-behaved client next to an attack: subscribed to its own subject on the attacked edge,
 * while a writer adds a message to that subject every 20 ms (as the sequencer would). {@link
 * #assertStillReceiving()} proves the edge still delivers to it.
 */
final class Bystander implements AutoCloseable {
    private final SequencedWriter writer;
    private final RawClient client;
    private final String subject;
    private final ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor();
    private final AtomicLong written = new AtomicLong();
    private long received;

    private Bystander(SequencedWriter writer, RawClient client, String subject) {
        this.writer = writer;
        this.client = client;
        this.subject = subject;
    }

    /** Subscribes {@code client} (connected, and authenticated if the edge wants it). */
    static Bystander start(EmbeddedKafka kafka, RawClient client, String subject)
            throws InterruptedException {
        Bystander b =
                new Bystander(new SequencedWriter(kafka, "messages.sequenced"), client, subject);
        client.send(
                "{\"type\":\"subscribe\",\"id\":\"bystander\",\"subjects\":[{\"subject\":\""
                        + subject
                        + "\"}]}");
        client.next(EdgeFrame.Subscribed.class);
        b.ticker.scheduleAtFixedRate(
                () -> {
                    b.writer.write(subject, new Position(1, b.written.incrementAndGet()), "tick");
                    b.writer.flush();
                },
                0,
                20,
                TimeUnit.MILLISECONDS);
        return b;
    }

    /** Waits (up to 10 s per frame) for a message written after this call. */
    void assertStillReceiving() throws InterruptedException {
        long target = written.get() + 1;
        while (received < target) {
            EdgeFrame.Message m = client.next(EdgeFrame.Message.class);
            if (!m.subject().value().equals(subject)) {
                throw new AssertionError("bystander got a message on " + m.subject());
            }
            received = m.position().seq();
        }
    }

    @Override
    public void close() throws InterruptedException {
        ticker.shutdownNow();
        ticker.awaitTermination(5, TimeUnit.SECONDS);
        client.close();
        writer.close();
    }
}
