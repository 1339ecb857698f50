package io.herald.savepoints;

import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * What a savepoint holds for the sequencer.
 *
 * @param path the savepoint or checkpoint read
 * @param subjectPrefix the filter applied to {@code subjects} (empty = none)
 * @param subjects each matching subject's last position, sorted by subject
 * @param issuedEpochs the union operator state: the highest epoch each sequencer instance had
 *     issued when the snapshot was taken (unfiltered, sorted ascending)
 */
public record Inspection(
        String path,
        String subjectPrefix,
        List<SubjectPositionRow> subjects,
        List<Long> issuedEpochs) {

    public Inspection {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(subjectPrefix, "subjectPrefix");
        subjects =
                subjects.stream()
                        .sorted(Comparator.comparing((SubjectPositionRow r) -> r.subject))
                        .toList();
        issuedEpochs = issuedEpochs.stream().sorted().toList();
    }

    /** How many of the listed subjects are in each epoch, by epoch ascending. */
    public SortedMap<Long, Long> subjectsPerEpoch() {
        SortedMap<Long, Long> counts = new TreeMap<>();
        for (SubjectPositionRow r : subjects) {
            counts.merge(r.epoch, 1L, Long::sum);
        }
        return counts;
    }

    /** The highest epoch any sequencer instance had issued, if the union state holds any. */
    public OptionalLong highestIssuedEpoch() {
        return issuedEpochs.isEmpty()
                ? OptionalLong.empty()
                : OptionalLong.of(issuedEpochs.get(issuedEpochs.size() - 1));
    }
}
