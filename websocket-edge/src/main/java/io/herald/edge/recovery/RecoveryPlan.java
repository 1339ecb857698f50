package io.herald.edge.recovery;

import io.herald.edge.cache.CachedMessage;
import io.herald.wire.Position;
import io.herald.wire.frame.Recovery;
import java.util.List;
import java.util.Objects;

/**
 * The answer to one subscription request: what the {@code subscribed} frame says ({@code recovery},
 * {@code head}), the cached messages to replay first (oldest first), and the cursor that then
 * filters live messages, so that replay and live stream join with no gap and no duplicate.
 */
public record RecoveryPlan(
        Recovery recovery, Position head, List<CachedMessage> replay, DeliveryCursor cursor) {
    public RecoveryPlan {
        Objects.requireNonNull(recovery, "recovery");
        replay = List.copyOf(replay);
        Objects.requireNonNull(cursor, "cursor");
    }
}
