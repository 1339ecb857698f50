package io.herald.edge.recovery;

import io.herald.edge.cache.CachedMessage;
import io.herald.wire.Position;
import io.herald.wire.frame.Recovery;
import java.util.List;
import java.util.Objects;

/**
 * The answer to one subscription request: what the {@code subscribed} frame says ({@code recovery},
 * {@code head}), the cached messages to replay first (oldest first), and the cursor that then
 * filters live messages, so that replay and live stream join with no gap and no duplicate. A fresh
 * cursor per plan: the fan-out advances it over the replay, then over live messages.
 */
public record RecoveryPlan(
        Recovery recovery, Position head, List<CachedMessage> replay, DeliveryCursor cursor) {
    public RecoveryPlan {
        Objects.requireNonNull(recovery, "recovery");
        replay = List.copyOf(replay);
        Objects.requireNonNull(cursor, "cursor");
    }

    /**
     * This plan with at most {@code budgetBytes} of replay ({@link CachedMessage#sizeBytes()}): a
     * larger replay is cut to its newest part, the cursor starts after the last message cut (the
     * hole before the first one kept is expected) and a {@code complete} recovery becomes {@code
     * partial}, since the client will not get everything after its position.
     */
    public RecoveryPlan limitTo(long budgetBytes) {
        long total = 0;
        for (int i = replay.size() - 1; i >= 0; i--) {
            total += replay.get(i).sizeBytes();
            if (total > budgetBytes) {
                return new RecoveryPlan(
                        recovery == Recovery.COMPLETE ? Recovery.PARTIAL : recovery,
                        head,
                        replay.subList(i + 1, replay.size()),
                        DeliveryCursor.afterUnchecked(replay.get(i).position()));
            }
        }
        return this;
    }
}
