package io.herald.client;

import io.herald.wire.Position;
import io.herald.wire.Subject;
import io.herald.wire.frame.ClientFrame.SubscriptionRequest;
import io.herald.wire.frame.EdgeFrame;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * The client's subscriptions and, per subject, the last position delivered: decides what a {@code
 * message} frame means (deliver, duplicate, gap) and what to ask for on resubscribe. Not
 * thread-safe: used on the client's loop.
 */
final class SubjectTracker {

    /** What to do with a {@code message} frame. */
    enum Verdict {
        /** The immediate successor of the last delivered position, or the first message. */
        DELIVER,
        /** Later than the last delivered position but not its successor: report, then deliver. */
        GAP,
        /** At or below the last delivered position: drop. */
        DUPLICATE,
        /** Not a subscribed subject (e.g. in flight when it was unsubscribed): drop. */
        NOT_SUBSCRIBED
    }

    /** One subscribed subject. */
    static final class Entry {
        final Subject subject;
        final SubscriptionRequest original;
        final CompletableFuture<EdgeFrame.Subscribed> firstSubscribed;
        Position last;

        /** The timestamp of the message at {@link #last}, or {@code NO_TIMESTAMP}. */
        long lastTimestamp;

        String requestId;

        Entry(SubscriptionRequest original, CompletableFuture<EdgeFrame.Subscribed> first) {
            this.subject = original.subject();
            this.original = original;
            this.firstSubscribed = first;
            this.last = original.from();
            this.lastTimestamp = original.fromTimestamp();
        }

        /**
         * The request that resumes this subscription: strictly after the last delivered position
         * when there is one (or the original {@code from}), with that message's timestamp so that
         * an edge whose cache no longer reaches back knows where to read Kafka; else the original
         * request.
         */
        SubscriptionRequest resumeRequest() {
            return last == null
                    ? original
                    : new SubscriptionRequest(subject, last, 0, lastTimestamp);
        }
    }

    private final Map<Subject, Entry> entries = new LinkedHashMap<>();
    private final Map<String, Entry> byRequestId = new HashMap<>();

    /**
     * Adds a subscription whose first {@code subscribed} completes {@code first}; null when the
     * subject is already subscribed.
     */
    Entry add(SubscriptionRequest request, CompletableFuture<EdgeFrame.Subscribed> first) {
        if (entries.containsKey(request.subject())) {
            return null;
        }
        Entry entry = new Entry(request, first);
        entries.put(entry.subject, entry);
        return entry;
    }

    /** Records the id of the subscribe frame just sent for {@code entry}. */
    void sent(Entry entry, String requestId) {
        if (entry.requestId != null) {
            byRequestId.remove(entry.requestId);
        }
        entry.requestId = requestId;
        byRequestId.put(requestId, entry);
    }

    /** Removes a subscription; the removed entry or null. */
    Entry remove(Subject subject) {
        Entry entry = entries.remove(subject);
        if (entry != null && entry.requestId != null) {
            byRequestId.remove(entry.requestId);
        }
        return entry;
    }

    /** The subscription whose latest subscribe frame had this id, or null. */
    Entry byRequestId(String requestId) {
        return byRequestId.get(requestId);
    }

    /** All subscriptions, in subscription order (a copy). */
    List<Entry> all() {
        return new ArrayList<>(entries.values());
    }

    /** Forgets every subscribe id in flight: their answers died with the connection. */
    void connectionLost() {
        byRequestId.clear();
        entries.values().forEach(e -> e.requestId = null);
    }

    /**
     * A live subscription that has delivered nothing yet takes the edge's {@code head} as its
     * resume point: a reconnect then asks for everything after it, so that messages published while
     * the client was away are not missed. (Subscriptions with a {@code from} or {@code history}
     * have their own starting point.)
     */
    void liveFrom(Entry entry, Position head) {
        boolean live = entry.original.from() == null && entry.original.history() == 0;
        if (live && entry.last == null && head != null) {
            entry.last = head;
            entry.lastTimestamp = SubscriptionRequest.NO_TIMESTAMP;
        }
    }

    /** Judges a message and, unless it is dropped, records it as the subject's last position. */
    Verdict accept(EdgeFrame.Message message) {
        Entry entry = entries.get(message.subject());
        if (entry == null) {
            return Verdict.NOT_SUBSCRIBED;
        }
        Position position = message.position();
        Position last = entry.last;
        if (last != null && !position.isAfter(last)) {
            return Verdict.DUPLICATE;
        }
        entry.last = position;
        entry.lastTimestamp = message.timestamp();
        return last == null || startsNewEpoch(last, position) || last.isFollowedBy(position)
                ? Verdict.DELIVER
                : Verdict.GAP;
    }

    /**
     * A greater epoch is never judged a gap from positions alone: in low-latency mode the edges
     * drop records the sequencer re-emitted after a restore, so the first one a reader keeps in the
     * new epoch can be past seq 0. The edge vouches for continuity across epochs with its {@code
     * recovery} status; within an epoch a hole in seq is a gap.
     */
    private static boolean startsNewEpoch(Position last, Position next) {
        return next.epoch() > last.epoch();
    }

    /** The last position delivered (or resumed from) on a subject, or null. */
    Position last(Subject subject) {
        Entry entry = entries.get(subject);
        return entry == null ? null : entry.last;
    }

    /** Snapshot of the last positions of all subjects that have one. */
    Map<Subject, Position> positions() {
        Map<Subject, Position> out = new LinkedHashMap<>();
        entries.values()
                .forEach(
                        e -> {
                            if (e.last != null) {
                                out.put(e.subject, e.last);
                            }
                        });
        return out;
    }
}
