package io.herald.failover.check;

/**
 * One reader's (or, summed, a whole scenario's) counts. Times are nanoseconds; a fault after which
 * a reader never received anything counts in {@code faultsWithoutDelivery} (and in {@code
 * faultsWithoutFreshDelivery}) instead of a time.
 *
 * @param reader who read, or {@code "all"} for a sum
 * @param readers how many readers are summed
 * @param expected deliveries expected: for each subject, the messages published on it
 * @param delivered deliveries received, duplicates included
 * @param lost expected messages never received
 * @param duplicated messages received more than once (counted per extra copy)
 * @param outOfOrder messages received after a later message of the same subject
 * @param positionNotIncreasing deliveries whose position was not above the previous one
 * @param epochWentBack deliveries whose epoch was below the previous one
 * @param holeInEpoch deliveries whose seq skipped numbers within an epoch
 * @param resumes subscribes with a {@code from} position
 * @param incompleteResumes of those, answered with a recovery other than {@code complete}
 * @param maxEpochs most epochs one subject went through
 * @param longestSilenceNanos longest time between two consecutive deliveries to one reader
 * @param longestGapNanos longest time from a fault to a reader's next delivery
 * @param longestRecoveryNanos longest time from a fault to a reader's first message published after
 *     it
 * @param faultsWithoutDelivery (reader, fault) pairs with no delivery after the fault
 * @param faultsWithoutFreshDelivery (reader, fault) pairs with no message published after it
 * @param firstProblem a description of the first violation found, or null
 */
public record ReaderTotals(
        String reader,
        long readers,
        long expected,
        long delivered,
        long lost,
        long duplicated,
        long outOfOrder,
        long positionNotIncreasing,
        long epochWentBack,
        long holeInEpoch,
        long resumes,
        long incompleteResumes,
        long maxEpochs,
        long longestSilenceNanos,
        long longestGapNanos,
        long longestRecoveryNanos,
        long faultsWithoutDelivery,
        long faultsWithoutFreshDelivery,
        String firstProblem) {

    /** Whether every guarantee held: nothing lost, duplicated, reordered, no bad position. */
    public boolean clean() {
        return lost == 0
                && duplicated == 0
                && outOfOrder == 0
                && positionNotIncreasing == 0
                && epochWentBack == 0
                && holeInEpoch == 0
                && incompleteResumes == 0
                && faultsWithoutFreshDelivery == 0;
    }

    /** The sum of two totals (readers add up, maxima take the larger). */
    public ReaderTotals plus(ReaderTotals o) {
        return new ReaderTotals(
                "all",
                readers + o.readers,
                expected + o.expected,
                delivered + o.delivered,
                lost + o.lost,
                duplicated + o.duplicated,
                outOfOrder + o.outOfOrder,
                positionNotIncreasing + o.positionNotIncreasing,
                epochWentBack + o.epochWentBack,
                holeInEpoch + o.holeInEpoch,
                resumes + o.resumes,
                incompleteResumes + o.incompleteResumes,
                Math.max(maxEpochs, o.maxEpochs),
                Math.max(longestSilenceNanos, o.longestSilenceNanos),
                Math.max(longestGapNanos, o.longestGapNanos),
                Math.max(longestRecoveryNanos, o.longestRecoveryNanos),
                faultsWithoutDelivery + o.faultsWithoutDelivery,
                faultsWithoutFreshDelivery + o.faultsWithoutFreshDelivery,
                firstProblem != null ? firstProblem : o.firstProblem);
    }

    /** Zero readers: the identity of {@link #plus}. */
    public static ReaderTotals none() {
        return new ReaderTotals("all", 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, null);
    }

    /** Accumulates one reader's streams. */
    static final class Builder {
        private final String reader;
        private long expected;
        private long delivered;
        private long lost;
        private long duplicated;
        private long outOfOrder;
        private long positionNotIncreasing;
        private long epochWentBack;
        private long holeInEpoch;
        private long resumes;
        private long incompleteResumes;
        private long maxEpochs;
        private long longestSilence;
        private long longestGap;
        private long longestRecovery;
        private long faultsWithoutDelivery;
        private long faultsWithoutFreshDelivery;
        private String firstProblem;

        Builder(String reader) {
            this.reader = reader;
        }

        void add(String subject, SubjectStream s, long published) {
            long subjectLost = s.lost(published);
            expected += published;
            delivered += s.delivered();
            lost += subjectLost;
            duplicated += s.duplicated();
            outOfOrder += s.outOfOrder();
            positionNotIncreasing += s.positionNotIncreasing();
            epochWentBack += s.epochWentBack();
            holeInEpoch += s.holeInEpoch();
            maxEpochs = Math.max(maxEpochs, s.epochsSeen());
            if (firstProblem == null) {
                firstProblem = describe(subject, s, subjectLost);
            }
        }

        private String describe(String subject, SubjectStream s, long subjectLost) {
            if (subjectLost
                            + s.duplicated()
                            + s.outOfOrder()
                            + s.positionNotIncreasing()
                            + s.epochWentBack()
                            + s.holeInEpoch()
                    == 0) {
                return null;
            }
            return String.format(
                    "%s %s: lost=%d duplicated=%d outOfOrder=%d positionNotIncreasing=%d"
                            + " epochWentBack=%d holeInEpoch=%d",
                    reader,
                    subject,
                    subjectLost,
                    s.duplicated(),
                    s.outOfOrder(),
                    s.positionNotIncreasing(),
                    s.epochWentBack(),
                    s.holeInEpoch());
        }

        void resumes(long count, long incomplete, String firstIncomplete) {
            resumes = count;
            incompleteResumes = incomplete;
            if (firstProblem == null && firstIncomplete != null) {
                firstProblem = reader + " resume " + firstIncomplete;
            }
        }

        void silence(long nanos) {
            longestSilence = nanos;
        }

        void fault(Long gapNanos, Long recoveryNanos) {
            if (gapNanos == null) {
                faultsWithoutDelivery++;
            } else {
                longestGap = Math.max(longestGap, gapNanos);
            }
            if (recoveryNanos == null) {
                faultsWithoutFreshDelivery++;
            } else {
                longestRecovery = Math.max(longestRecovery, recoveryNanos);
            }
        }

        ReaderTotals build() {
            return new ReaderTotals(
                    reader,
                    1,
                    expected,
                    delivered,
                    lost,
                    duplicated,
                    outOfOrder,
                    positionNotIncreasing,
                    epochWentBack,
                    holeInEpoch,
                    resumes,
                    incompleteResumes,
                    maxEpochs,
                    longestSilence,
                    longestGap,
                    longestRecovery,
                    faultsWithoutDelivery,
                    faultsWithoutFreshDelivery,
                    firstProblem);
        }
    }
}
