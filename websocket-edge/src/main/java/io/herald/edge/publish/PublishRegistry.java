package io.herald.edge.publish;

import io.herald.edge.fanout.FanoutBatch;
import io.herald.wire.SequencedMessage;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Every publish of this edge that waits for its sequenced record, by {@code (publisher,
 * message-id)}. Exactly one of the acknowledgement (consumer thread), the failure (producer
 * callback), the timeout or the connection's close removes an entry, so a client gets exactly one
 * answer. A publish resent on a new connection replaces the entry of the one it repeats, whose
 * connection is gone or going.
 *
 * <p>The acknowledgement is the first sequenced record with the pair, whichever copy it is: the
 * first copy written (perhaps through another edge, before the connection dropped), or, when that
 * was sequenced before this edge registered the resend, the sequencer's answer to the resend, which
 * repeats the original's position (docs/sequencer.md, "De-duplication of publishes").
 */
public final class PublishRegistry {
    private final ConcurrentHashMap<String, PendingPublish> pending = new ConcurrentHashMap<>();

    public void register(PendingPublish p) {
        pending.put(p.key(), p);
    }

    /** Removes {@code p} if it is still pending; true when the caller now owns the answer. */
    public boolean remove(PendingPublish p) {
        return pending.remove(p.key(), p);
    }

    /**
     * When {@code m} is the sequenced record of a pending publish, schedules its acknowledgement on
     * the owner's event loop in {@code batch} (after the batch's messages). Consumer thread.
     */
    public boolean onSequenced(SequencedMessage m, FanoutBatch batch) {
        if (m.messageId() == null || m.publisher() == null) {
            return false;
        }
        PendingPublish p = pending.remove(PendingPublish.key(m.publisher(), m.messageId()));
        if (p == null) {
            return false;
        }
        batch.addTask(p.owner().loopIndex(), () -> p.owner().onPublished(p, m.position()));
        return true;
    }

    public int size() {
        return pending.size();
    }
}
