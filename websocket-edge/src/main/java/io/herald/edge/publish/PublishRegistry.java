package io.herald.edge.publish;

import io.herald.edge.fanout.FanoutBatch;
import io.herald.wire.SequencedMessage;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Every publish of this edge that waits for its sequenced record, by {@code message-id}. Exactly
 * one of the acknowledgement (consumer thread), the failure (producer callback), the timeout or the
 * connection's close removes an entry, so a client gets exactly one answer.
 */
public final class PublishRegistry {
    private final ConcurrentHashMap<String, PendingPublish> pending = new ConcurrentHashMap<>();

    public void register(PendingPublish p) {
        pending.put(p.messageId(), p);
    }

    /** Removes {@code p} if it is still pending; true when the caller now owns the answer. */
    public boolean remove(PendingPublish p) {
        return pending.remove(p.messageId(), p);
    }

    /**
     * When {@code m} is the sequenced record of a pending publish, schedules its acknowledgement on
     * the owner's event loop in {@code batch} (after the batch's messages). Consumer thread.
     */
    public boolean onSequenced(SequencedMessage m, FanoutBatch batch) {
        if (m.messageId() == null) {
            return false;
        }
        PendingPublish p = pending.remove(m.messageId());
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
