package io.herald.failover.check;

import java.util.Collection;
import java.util.HashMap;
import java.util.Map;

/**
 * The checked record of one reader (a subscribing client) across its subjects, fed from the
 * reader's callbacks. Besides each subject's {@link SubjectStream}, it measures, for every fault of
 * the {@link FaultTimeline}:
 *
 * <ul>
 *   <li>the <b>gap</b>: time from the fault to the reader's first delivery after it;
 *   <li>the <b>recovery</b>: time from the fault to the first delivery of a message published after
 *       it (the reader sees fresh data again);
 * </ul>
 *
 * and the <b>longest silence</b>: the longest time between two consecutive deliveries, whatever the
 * cause; and counts resumes ({@code subscribe} with a {@code from} position) that the edge did not
 * answer with {@code recovery: complete}. Deliveries and events may come from the client's I/O
 * thread while the test reads the totals: every method is synchronized.
 */
public final class ReaderLog {

    private final String reader;
    private final FaultTimeline faults;
    private final Map<String, SubjectStream> streams = new HashMap<>();
    private final Map<Integer, Long> gapAfterFault = new HashMap<>();
    private final Map<Integer, Long> recoveryAfterFault = new HashMap<>();
    private long lastReceivedNanos = -1;
    private long longestSilenceNanos;
    private int nextGapFault;
    private int nextRecoveryFault;
    private long resumes;
    private long incompleteResumes;
    private String firstIncompleteResume;

    public ReaderLog(String reader, Collection<String> subjects, FaultTimeline faults) {
        this.reader = reader;
        this.faults = faults;
        subjects.forEach(s -> streams.put(s, new SubjectStream()));
    }

    /**
     * Records one message.
     *
     * @param number the publisher's message number, from the content
     * @param publishedNanos when the publisher sent it ({@link System#nanoTime()})
     * @param receivedNanos when the reader got it
     */
    public synchronized void delivered(
            String subject,
            long epoch,
            long seq,
            long number,
            long publishedNanos,
            long receivedNanos) {
        SubjectStream stream = streams.get(subject);
        if (stream == null) {
            throw new IllegalStateException(reader + " received unsubscribed subject " + subject);
        }
        stream.accept(epoch, seq, number);
        if (lastReceivedNanos >= 0) {
            longestSilenceNanos = Math.max(longestSilenceNanos, receivedNanos - lastReceivedNanos);
        }
        lastReceivedNanos = receivedNanos;
        while (nextGapFault < faults.size() && faults.get(nextGapFault) <= receivedNanos) {
            gapAfterFault.put(nextGapFault, receivedNanos - faults.get(nextGapFault));
            nextGapFault++;
        }
        while (nextRecoveryFault < faults.size()
                && faults.get(nextRecoveryFault) <= publishedNanos) {
            recoveryAfterFault.put(
                    nextRecoveryFault, receivedNanos - faults.get(nextRecoveryFault));
            nextRecoveryFault++;
        }
    }

    /**
     * Records the edge's answer to a subscribe.
     *
     * @param resumed whether the subscribe asked for messages after a position
     * @param recovery the {@code recovery} field of {@code subscribed}
     */
    public synchronized void subscribed(String subject, boolean resumed, String recovery) {
        if (!resumed) {
            return;
        }
        resumes++;
        if (!"complete".equals(recovery)) {
            incompleteResumes++;
            if (firstIncompleteResume == null) {
                firstIncompleteResume = subject + " recovery=" + recovery;
            }
        }
    }

    /** Whether every subject has every message below its published count. */
    public synchronized boolean hasAll(Map<String, Long> published) {
        return streams.entrySet().stream()
                .allMatch(e -> e.getValue().hasAll(published.getOrDefault(e.getKey(), 0L)));
    }

    /** Whether every subject has delivered at least one message. */
    public synchronized boolean receivingOnEverySubject() {
        return streams.values().stream().allMatch(s -> s.delivered() > 0);
    }

    /** Whether this reader has seen a message published after every fault so far. */
    public synchronized boolean recoveredFromAllFaults() {
        return nextRecoveryFault >= faults.size();
    }

    /** This reader's totals against what was published per subject. */
    public synchronized ReaderTotals totals(Map<String, Long> published) {
        ReaderTotals.Builder t = new ReaderTotals.Builder(reader);
        streams.forEach((subject, s) -> t.add(subject, s, published.getOrDefault(subject, 0L)));
        t.resumes(resumes, incompleteResumes, firstIncompleteResume);
        t.silence(longestSilenceNanos);
        for (int i = 0; i < faults.size(); i++) {
            t.fault(gapAfterFault.get(i), recoveryAfterFault.get(i));
        }
        return t.build();
    }
}
