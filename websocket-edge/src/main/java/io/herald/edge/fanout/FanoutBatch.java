package io.herald.edge.fanout;

import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * The messages and tasks of one consumer poll, grouped by event loop. {@link #dispatch()} hands
 * each loop its part as one task, waiting while that loop already has {@link
 * Hub#MAX_BATCHES_IN_FLIGHT} batches queued: the consumer thread slows down, the queues never grow
 * without bound. Consumer thread only.
 */
public final class FanoutBatch {
    private final LoopSubscriptions[] loops;
    private final Semaphore[] inFlight;
    private final LoopBatch[] perLoop;

    FanoutBatch(LoopSubscriptions[] loops, Semaphore[] inFlight) {
        this.loops = loops;
        this.inFlight = inFlight;
        this.perLoop = new LoopBatch[loops.length];
    }

    LoopBatch forLoop(int index) {
        if (perLoop[index] == null) {
            perLoop[index] = new LoopBatch(loops[index], inFlight[index]);
        }
        return perLoop[index];
    }

    /** Adds a task to run on the event loop {@code loopIndex} after this batch's messages. */
    public void addTask(int loopIndex, Runnable task) {
        forLoop(loopIndex).add(task);
    }

    /**
     * Hands every loop its part. Returns false (and releases what was not handed over) if the
     * thread was interrupted while waiting for a loop.
     */
    public boolean dispatch() {
        boolean handedAll = true;
        for (int i = 0; i < perLoop.length; i++) {
            LoopBatch batch = perLoop[i];
            if (batch == null || batch.isEmpty()) {
                continue;
            }
            perLoop[i] = null;
            if (!handedAll || !acquire(inFlight[i])) {
                handedAll = false;
                batch.discard();
                continue;
            }
            try {
                loops[i].loop().execute(batch);
            } catch (RejectedExecutionException shuttingDown) {
                inFlight[i].release();
                batch.discard();
            }
        }
        return handedAll;
    }

    private static boolean acquire(Semaphore permits) {
        try {
            while (!permits.tryAcquire(100, TimeUnit.MILLISECONDS)) {
                if (Thread.currentThread().isInterrupted()) {
                    return false;
                }
            }
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
