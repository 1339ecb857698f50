package io.herald.edge.session;

import io.herald.wire.Subject;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * The distinct subjects one connection published to in the current minute, at most {@code
 * --max-publish-subjects-per-minute} of them. The sequencer keeps a position for every subject it
 * ever sequenced (until {@code --subject-state-ttl}, if set), so a client entitled to a wildcard
 * such as {@code /demo/*} could otherwise create state without bound at its publish rate.
 * Publishing again to a subject of the current minute is always admitted. A fixed window: the set
 * starts empty at the first publish a minute or more after the window began. Touched only on the
 * connection's event loop.
 */
final class PublishSubjectWindow {
    private static final long MINUTE_NANOS = TimeUnit.MINUTES.toNanos(1);

    private final int limit;
    private final Set<Subject> subjects = new HashSet<>();
    private long windowStartNanos;

    PublishSubjectWindow(int limit, long nowNanos) {
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be >= 1: " + limit);
        }
        this.limit = limit;
        this.windowStartNanos = nowNanos;
    }

    /** True when {@code subject} may be published to now (it then counts in this minute). */
    boolean admit(Subject subject, long nowNanos) {
        if (nowNanos - windowStartNanos >= MINUTE_NANOS) {
            subjects.clear();
            windowStartNanos = nowNanos;
        }
        if (subjects.contains(subject)) {
            return true;
        }
        if (subjects.size() >= limit) {
            return false;
        }
        subjects.add(subject);
        return true;
    }

    int limit() {
        return limit;
    }
}
