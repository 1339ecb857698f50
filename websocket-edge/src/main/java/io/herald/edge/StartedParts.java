package io.herald.edge;

import java.util.ArrayDeque;
import java.util.Deque;

/**
 * What a start has started so far, to be released, newest first, when a later step fails: a failed
 * start leaves no thread, client, event loop or port behind. Used by one thread.
 */
final class StartedParts {
    private record Part(String name, Runnable release) {}

    private final Deque<Part> parts = new ArrayDeque<>();

    /** Records a part that is running, and how to release it. */
    void add(String name, Runnable release) {
        parts.push(new Part(name, release));
    }

    /**
     * Releases every part, newest first, because of {@code failure}; a part that cannot be released
     * does not stop the others, and is reported as suppressed by {@code failure}.
     */
    void releaseAfter(Throwable failure) {
        while (!parts.isEmpty()) {
            Part p = parts.pop();
            try {
                p.release().run();
            } catch (RuntimeException e) {
                failure.addSuppressed(
                        new IllegalStateException("could not release the " + p.name(), e));
            }
        }
    }
}
