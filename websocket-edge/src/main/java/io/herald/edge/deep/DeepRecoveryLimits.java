package io.herald.edge.deep;

/**
 * Bounds on deep recoveries (resumes served from the sequenced topic when the cache no longer
 * reaches back).
 *
 * @param consumers dedicated Kafka consumers, each reading one subject's partition at a time; 0
 *     turns deep recovery off (a resume the cache does not cover is {@code partial})
 * @param maxReads reads of the sequenced topic queued or running at once; a resume that would need
 *     one more is {@code partial} (reason {@code busy}). Resumes of a subject waiting for the same
 *     read share it and count once
 * @param maxMessages messages of the subject one read collects; a recovery that needs more is
 *     {@code partial} (reason {@code limit})
 */
public record DeepRecoveryLimits(int consumers, int maxReads, int maxMessages) {
    public DeepRecoveryLimits {
        if (consumers < 0 || maxReads < 1 || maxMessages < 1) {
            throw new IllegalArgumentException(
                    "consumers >= 0, maxReads >= 1, maxMessages >= 1: "
                            + consumers
                            + ", "
                            + maxReads
                            + ", "
                            + maxMessages);
        }
    }

    public boolean enabled() {
        return consumers > 0;
    }
}
