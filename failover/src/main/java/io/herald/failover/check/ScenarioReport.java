package io.herald.failover.check;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The result of one scenario: what was published, the clients' summed totals, and the audit of the
 * sequenced topic itself, printable as one row of the results table.
 *
 * @param scenario the scenario's name
 * @param published messages the publisher had acknowledged ({@code acks=all})
 * @param publishFailures sends that failed for good
 * @param clients the subscribing clients' totals, summed
 * @param sequencedTopic the audit of the sequenced topic (one reader over all subjects), or null
 */
public record ScenarioReport(
        String scenario,
        long published,
        long publishFailures,
        ReaderTotals clients,
        ReaderTotals sequencedTopic) {

    /** Every guarantee held for clients and, when audited, in the sequenced topic. */
    public boolean clean() {
        return publishFailures == 0
                && clients.clean()
                && (sequencedTopic == null || sequencedTopic.clean());
    }

    /** The table header matching {@link #row()}. */
    public static String header() {
        return String.format(
                Locale.ROOT,
                "| %-18s | %9s | %10s | %4s | %10s | %12s | %10s | %7s | %14s | %11s | %17s |",
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
                "longest silence ms");
    }

    /** One markdown table row. */
    public String row() {
        return String.format(
                Locale.ROOT,
                "| %-18s | %9d | %10d | %4d | %10d | %12d | %10d | %7s | %14d | %11d | %17d |",
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
                clients.longestSilenceNanos() / 1_000_000);
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
