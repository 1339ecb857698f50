package io.herald.edge.recovery;

import io.herald.edge.cache.CachedMessage;
import io.herald.edge.cache.SubjectLog;
import io.herald.wire.Position;
import io.herald.wire.frame.ClientFrame.SubscriptionRequest;
import io.herald.wire.frame.Recovery;
import java.util.List;

/**
 * Decides {@code complete} / {@code partial} / {@code none} for a subscription, from what the edge
 * can prove about a subject's log ({@link SubjectLog}).
 *
 * <p>A resume from P is {@code complete} exactly when the edge has observed P itself or can connect
 * P to its log: P is the log's anchor, P is a cached position, or P is beyond the head (the client
 * came from an edge that is ahead; later messages will arrive in order). Otherwise (no log, P
 * evicted, P older than what the edge has seen, P in an epoch the edge never connected to its
 * cache) it is {@code partial}; the cached messages after P are still replayed.
 */
public final class RecoveryPlanner {

    private RecoveryPlanner() {}

    /** Plans the subscription {@code request} against {@code log} (null: nothing known). */
    public static RecoveryPlan plan(SubjectLog log, SubscriptionRequest request) {
        Position head = log == null ? null : log.head();
        Position from = request.from();
        if (from == null) {
            List<CachedMessage> history = List.of();
            if (log != null && request.history() > 0) {
                history = log.from(Math.max(0, log.size() - request.history()));
            }
            DeliveryCursor cursor =
                    history.isEmpty()
                            ? DeliveryCursor.after(head)
                            : DeliveryCursor.afterUnchecked(null);
            return new RecoveryPlan(Recovery.NONE, head, history, cursor);
        }
        if (log == null) {
            return new RecoveryPlan(
                    Recovery.PARTIAL, null, List.of(), DeliveryCursor.afterUnchecked(from));
        }
        if (from.equals(log.anchor())) {
            return new RecoveryPlan(
                    Recovery.COMPLETE, head, log.from(0), DeliveryCursor.after(from));
        }
        int index = log.indexOf(from);
        if (index >= 0) {
            return new RecoveryPlan(
                    Recovery.COMPLETE, head, log.from(index + 1), DeliveryCursor.after(from));
        }
        if (head != null && from.compareTo(head) > 0) {
            return new RecoveryPlan(Recovery.COMPLETE, head, List.of(), DeliveryCursor.after(from));
        }
        int insertion = -index - 1;
        return new RecoveryPlan(
                Recovery.PARTIAL, head, log.from(insertion), DeliveryCursor.afterUnchecked(from));
    }
}
