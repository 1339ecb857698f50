package io.herald.edge.deep;

import io.herald.edge.cache.CachedMessage;
import io.herald.wire.Position;
import io.herald.wire.Subject;
import java.util.List;
import java.util.Objects;

/**
 * What one read of a subject's partition found: the subject's messages from the start offset on, in
 * position order without duplicates, shared (immutable) by every recovery that waited for it.
 *
 * @param startedAtLogStart the read began at the first record the partition still holds, after
 *     older ones were deleted (retention): a position not found may have gone with them
 * @param cut the read stopped at the message limit before reaching the cache or the log's end
 * @param failure why there is no slice (Kafka failed the read), or null
 */
public record LogSlice(
        Subject subject,
        List<CachedMessage> messages,
        boolean startedAtLogStart,
        boolean cut,
        PartialReason failure) {

    public LogSlice {
        Objects.requireNonNull(subject, "subject");
        messages = List.copyOf(messages);
    }

    static LogSlice failed(Subject subject, PartialReason reason) {
        return new LogSlice(subject, List.of(), false, false, reason);
    }

    /**
     * The messages after {@code from}, once the slice proves that they are all of them: it holds
     * {@code from} itself or the position that immediately follows it, and no hole after. Otherwise
     * the reason it cannot. Only the next seq of the same epoch proves {@code from} without {@code
     * from} itself: seq 0 of a later epoch would follow any position of an earlier one, made up or
     * not.
     */
    public Replay after(Position from) {
        if (failure != null) {
            return Replay.partial(failure);
        }
        int i = 0;
        while (i < messages.size() && messages.get(i).position().compareTo(from) < 0) {
            i++;
        }
        boolean holdsFrom = i < messages.size() && messages.get(i).position().equals(from);
        if (holdsFrom) {
            i++;
        } else if (i == messages.size() || !messages.get(i).position().equals(from.next())) {
            return Replay.partial(
                    startedAtLogStart ? PartialReason.RETENTION : PartialReason.NOT_IN_LOG);
        }
        Position last = from;
        for (int k = i; k < messages.size(); k++) {
            Position p = messages.get(k).position();
            if (!last.isFollowedBy(p)) {
                return Replay.partial(PartialReason.HOLE);
            }
            last = p;
        }
        return new Replay(null, messages.subList(i, messages.size()), cut);
    }

    /**
     * The verdict for one position: the messages read from Kafka that follow it ({@code reason}
     * null), or why they cannot be vouched for. {@code cut}: more may follow than were read.
     */
    public record Replay(PartialReason reason, List<CachedMessage> messages, boolean cut) {
        static Replay partial(PartialReason reason) {
            return new Replay(reason, List.of(), false);
        }

        public boolean proven() {
            return reason == null;
        }
    }
}
