package io.herald.savepoints;

import io.herald.operators.PublishedPosition;
import java.util.HashMap;
import java.util.Map;

/**
 * What {@code rebuild} writes for one subject into the sequencer's keyed state: its last position
 * and the publish ids of its de-duplication window.
 *
 * <p>A Flink POJO (public no-argument constructor, public fields) because it flows through the
 * State Processor API's write job.
 */
public class RebuiltSubject {

    /** The subject, e.g. {@code /chat/room-1}; the sequencer's key. */
    public String subject;

    /** The epoch of the subject's last message. */
    public long epoch;

    /** The seq of the subject's last message within {@link #epoch}. */
    public long seq;

    /**
     * The subject's entries of the sequencer's {@code published-ids} state: by publish id key,
     * where the first copy went.
     */
    public Map<String, PublishedPosition> publishedIds = new HashMap<>();

    public RebuiltSubject() {}

    public RebuiltSubject(
            String subject, long epoch, long seq, Map<String, PublishedPosition> publishedIds) {
        this.subject = subject;
        this.epoch = epoch;
        this.seq = seq;
        this.publishedIds = new HashMap<>(publishedIds);
    }

    @Override
    public String toString() {
        return subject + "@(" + epoch + "," + seq + ") publishedIds=" + publishedIds.size();
    }
}
