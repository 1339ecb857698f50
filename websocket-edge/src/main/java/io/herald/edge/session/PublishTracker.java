package io.herald.edge.session;

import io.herald.edge.publish.PendingPublish;
import io.herald.edge.publish.PublishOwner;
import io.herald.edge.publish.PublishQueue;
import io.herald.edge.publish.PublishRegistry;
import io.herald.wire.Position;
import io.herald.wire.SequencedHeaders;
import io.herald.wire.Subject;
import io.herald.wire.frame.ClientFrame;
import io.netty.util.concurrent.ScheduledFuture;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * The publishes of one connection: at most {@code maxPending} unacknowledged, each with its
 * timeout; a publish whose client {@code id} is pending is not written twice, and one acknowledged
 * recently is answered again from memory (de-duplication of client retries on a connection). A
 * repeat must be the same request: the same {@code id} with another subject or content, while the
 * first is remembered, is {@link Verdict#ID_REUSED}, never acknowledged with the first one's
 * position. A publish resent on a new connection (the first one dropped before its ack) is written
 * again with the same {@code message-id} and {@code publisher}; the sequencer de-duplicates it
 * across connections and edges. Confined to the connection's event loop.
 */
final class PublishTracker {
    /** What became of a publish request. */
    enum Verdict {
        SENT,
        ALREADY_PENDING,
        ALREADY_ACKED,
        ID_REUSED,
        OVERLOADED
    }

    /** What makes two publishes the same request: subject and a digest of the content. */
    private record Fingerprint(Subject subject, ByteBuffer contentDigest) {
        /** {@code sha256} is reset by {@code digest}; the tracker reuses one (a lookup each). */
        static Fingerprint of(ClientFrame.Publish frame, MessageDigest sha256) {
            byte[] digest = sha256.digest(frame.content().getBytes(StandardCharsets.UTF_8));
            return new Fingerprint(frame.subject(), ByteBuffer.wrap(digest));
        }
    }

    private record Entry(
            PendingPublish publish, Fingerprint fingerprint, ScheduledFuture<?> timeout) {}

    private record Ack(Position position, Fingerprint fingerprint) {}

    /** The longest run of OVERLOADED answers before the connection is closed (4029). */
    private static final int MAX_OVERLOAD_RUN = 100;

    /**
     * Acknowledgements remembered to answer a repeated id from memory. A bound apart from the
     * pending one: the pending bound is large (a checkpoint's worth of publishes in exactly-once
     * mode), and a client repeats an id only right after sending it.
     */
    private static final int MAX_RECENT_ACKS = 1_000;

    private final PublishOwner owner;
    private final PublishRegistry registry;
    private final PublishQueue queue;
    private final int maxPending;
    private final Duration publishTimeout;
    private final Map<String, Entry> pending = new HashMap<>();
    private final LinkedHashMap<String, Ack> recentAcks;
    private final MessageDigest sha256 = sha256();
    private final int overloadRun;
    private int strikes;

    PublishTracker(
            PublishOwner owner,
            PublishRegistry registry,
            PublishQueue queue,
            int maxPending,
            Duration timeout) {
        this.owner = owner;
        this.registry = registry;
        this.queue = queue;
        this.maxPending = maxPending;
        this.publishTimeout = timeout;
        this.overloadRun = Math.min(maxPending, MAX_OVERLOAD_RUN);
        int keep = Math.min(4 * maxPending, MAX_RECENT_ACKS);
        this.recentAcks =
                new LinkedHashMap<>() {
                    private static final long serialVersionUID = 1L;

                    @Override
                    protected boolean removeEldestEntry(Map.Entry<String, Ack> eldest) {
                        return size() > keep;
                    }
                };
    }

    /** The position a recent publish with this client id was acknowledged at, or null. */
    Position recentAck(String clientId) {
        Ack ack = recentAcks.get(clientId);
        return ack == null ? null : ack.position();
    }

    /**
     * Writes the publish to Kafka unless it is a repeat or over the limit. {@code onTimeout} runs
     * on the loop if no acknowledgement comes in time.
     */
    Verdict submit(ClientFrame.Publish frame, String publisher, Runnable onTimeout) {
        Fingerprint fingerprint = Fingerprint.of(frame, sha256);
        Ack ack = recentAcks.get(frame.id());
        if (ack != null) {
            return ack.fingerprint().equals(fingerprint)
                    ? Verdict.ALREADY_ACKED
                    : Verdict.ID_REUSED;
        }
        Entry existing = pending.get(frame.id());
        if (existing != null) {
            return existing.fingerprint().equals(fingerprint)
                    ? Verdict.ALREADY_PENDING
                    : Verdict.ID_REUSED;
        }
        if (pending.size() >= maxPending) {
            return Verdict.OVERLOADED;
        }
        PendingPublish p = new PendingPublish(publisher, frame.id(), frame.subject(), owner);
        ProducerRecord<byte[], byte[]> record =
                new ProducerRecord<>(
                        frame.subject().topic(),
                        frame.subject().keyBytes(),
                        frame.content().getBytes(StandardCharsets.UTF_8));
        record.headers()
                .add(SequencedHeaders.MESSAGE_ID, SequencedHeaders.encodeString(p.id()))
                .add(SequencedHeaders.PUBLISHER, SequencedHeaders.encodeString(publisher));
        registry.register(p);
        if (!queue.offer(p, record)) {
            registry.remove(p);
            return Verdict.OVERLOADED;
        }
        ScheduledFuture<?> timeout =
                owner.loop()
                        .schedule(
                                () -> {
                                    // A resend on another connection may have taken the
                                    // registry entry: this publish still gets its answer.
                                    registry.remove(p);
                                    if (forget(p) != null) {
                                        onTimeout.run();
                                    }
                                },
                                publishTimeout.toMillis(),
                                TimeUnit.MILLISECONDS);
        pending.put(frame.id(), new Entry(p, fingerprint, timeout));
        return Verdict.SENT;
    }

    /** The publish was sequenced (its registry entry is already removed); true if it was ours. */
    boolean acknowledged(PendingPublish p, Position position) {
        Entry e = forget(p);
        if (e == null) {
            return false;
        }
        recentAcks.put(p.id(), new Ack(position, e.fingerprint()));
        return true;
    }

    /** The publish failed (its registry entry is already removed); true if it was ours. */
    boolean failed(PendingPublish p) {
        return forget(p) != null;
    }

    /** Abandons every pending publish (the connection closes): no answer will be sent. */
    void abandonAll() {
        for (Iterator<Entry> it = pending.values().iterator(); it.hasNext(); ) {
            Entry e = it.next();
            registry.remove(e.publish());
            e.timeout().cancel(false);
            it.remove();
        }
    }

    /**
     * Counts an OVERLOADED answer; true once more than maxPending (at most {@value
     * #MAX_OVERLOAD_RUN}) came in a row (close 4029).
     */
    boolean overloadStrike() {
        return ++strikes > overloadRun;
    }

    void clearStrikes() {
        strikes = 0;
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }

    /** Removes {@code p}'s entry and cancels its timeout; the entry, or null if not ours. */
    private Entry forget(PendingPublish p) {
        Entry e = pending.get(p.id());
        if (e == null || e.publish() != p) {
            return null;
        }
        pending.remove(p.id());
        e.timeout().cancel(false);
        return e;
    }
}
