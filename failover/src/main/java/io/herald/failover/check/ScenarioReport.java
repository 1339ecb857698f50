package io.herald.failover.check;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The result of one scenario: what was published, the clients' summed totals, and the audit of the
 * sequenced topic itself, printable as one row of the results table.
 *
 * @param scenario the scenario's name
 * @param published messages sent, each acknowledged ({@code acks=all}) or counted in {@code
 *     publishFailures}
 * @param publishFailures sends that failed for good
 * @param clients the subscribing clients' totals, summed
 * @param sequencedTopic the audit of the sequenced topic (one reader over all subjects)
 * @param topicMayRepeat the job ran in low-latency (at-least-once) mode, where the sequenced topic
 *     may hold a record twice (re-emitted under a new epoch after a restore) and edges drop the
 *     repeat: the topic must still lose nothing and keep order, clients must see no duplicate
 */
public record ScenarioReport(
        String scenario,
        long published,
        long publishFailures,
        ReaderTotals clients,
        ReaderTotals sequencedTopic,
        boolean topicMayRepeat) {

    /** Every guarantee held for the clients and in the sequenced topic. */
    public boolean clean() {
        return publishFailures == 0 && clients.clean() && topicClean();
    }

    private boolean topicClean() {
        if (!topicMayRepeat) {
            return sequencedTopic.clean();
        }
        return sequencedTopic.lost() == 0
                && sequencedTopic.outOfOrder() == 0
                && sequencedTopic.positionNotIncreasing() == 0
                && sequencedTopic.holeInEpoch() == 0;
    }

    /** The table header matching {@link #row()}. */
    public static String header() {
        return String.format(
                Locale.ROOT,
                "| %-22s | %9s | %10s | %4s | %10s | %12s | %10s | %7s | %14s | %11s | %17s | %10s |",
                "scenario",
                "published",
                "delivered",
                "lost",
                "duplicated",
                "out of order",
                "max epochs",
                "resumes",
                "longest gap ms",
                "recovery ms",
                "longest silence ms",
                "topic dups");
    }

    /** One markdown table row. */
    public String row() {
        return String.format(
                Locale.ROOT,
                "| %-22s | %9d | %10d | %4d | %10d | %12d | %10d | %7s | %14d | %11d | %17d | %10d |",
                scenario,
                published,
                clients.delivered(),
                clients.lost(),
                clients.duplicated(),
                clients.outOfOrder(),
                clients.maxEpochs(),
                clients.resumes()
                        + (clients.incompleteResumes() > 0
                                ? "/" + clients.incompleteResumes() + "!"
                                : ""),
                clients.longestGapNanos() / 1_000_000,
                clients.longestRecoveryNanos() / 1_000_000,
                clients.longestSilenceNanos() / 1_000_000,
                sequencedTopic.duplicated());
    }

    /** The markdown table of several scenarios. */
    public static String table(List<ScenarioReport> reports) {
        List<String> lines = new ArrayList<>();
        lines.add(header());
        lines.add(header().replaceAll("[^|]", "-"));
        reports.forEach(r -> lines.add(r.row()));
        return String.join(System.lineSeparator(), lines);
    }

    /** Every count, for a failure message. */
    public String details() {
        return scenario
                + ": published="
                + published
                + " publishFailures="
                + publishFailures
                + "\n  clients="
                + clients
                + "\n  sequencedTopic="
                + sequencedTopic;
    }
}
