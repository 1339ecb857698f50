package io.herald.edge.fanout;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Semaphore;

/**
 * What one poll of the consumer hands to one event loop: the live messages for its subscribers and
 * tasks (publish acknowledgements) to run after them. Runs on the loop; releases the loop's
 * in-flight permit when done, which is what bounds the hand-off.
 */
final class LoopBatch implements Runnable {
    private final LoopSubscriptions target;
    private final Semaphore inFlight;
    private final List<LiveMessage> messages = new ArrayList<>();
    private final List<Runnable> tasks = new ArrayList<>();

    LoopBatch(LoopSubscriptions target, Semaphore inFlight) {
        this.target = target;
        this.inFlight = inFlight;
    }

    void add(LiveMessage m) {
        messages.add(m);
    }

    void add(Runnable task) {
        tasks.add(task);
    }

    boolean isEmpty() {
        return messages.isEmpty() && tasks.isEmpty();
    }

    /** Releases the frames without delivering them (the batch could not be handed over). */
    void discard() {
        for (LiveMessage m : messages) {
            m.frame().release();
        }
        messages.clear();
    }

    @Override
    public void run() {
        try {
            target.deliver(messages);
            for (Runnable task : tasks) {
                task.run();
            }
        } finally {
            inFlight.release();
        }
    }
}
