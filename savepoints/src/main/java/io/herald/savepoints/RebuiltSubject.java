package io.herald.savepoints;

import io.herald.operators.PublishedPosition;
import java.util.HashMap;
import java.util.Map;

/**
 * What {@code rebuild} writes for one subject into the sequencer's keyed state: the row {@code
 * inspect} reads (its last position) and the publish ids of its de-duplication window.
 *
 * <p>A Flink POJO (public no-argument constructor, public fields) because it flows through the
 * State Processor API's write job.
 */
public class RebuiltSubject extends SubjectPositionRow {

    /**
     * The subject's entries of the sequencer's {@code published-ids} state: by publish id key,
     * where the first copy went.
     */
    public Map<String, PublishedPosition> publishedIds = new HashMap<>();

    public RebuiltSubject() {}

    public RebuiltSubject(
            String subject, long epoch, long seq, Map<String, PublishedPosition> publishedIds) {
        super(subject, epoch, seq);
        this.publishedIds = new HashMap<>(publishedIds);
    }

    @Override
    public boolean equals(Object o) {
        return super.equals(o) && ((RebuiltSubject) o).publishedIds.equals(publishedIds);
    }

    @Override
    public int hashCode() {
        return 31 * super.hashCode() + publishedIds.hashCode();
    }

    @Override
    public String toString() {
        return super.toString() + " publishedIds=" + publishedIds.size();
    }
}
