package io.herald.edge.cache;

import io.herald.wire.SourceRef;
import java.util.Arrays;

/**
 * The highest source offset seen per source partition, for one subject (invariant 5 of
 * docs/design.md): a sequenced record whose {@code source} is at or below it is a re-delivery of a
 * message the edge already has (low-latency mode re-emits after a restore) and is dropped. Almost
 * every subject has one source partition, so this is a tiny array, not a map.
 */
final class SourceWatermarks {
    private SourceRef[] highest = new SourceRef[0];

    /** Records {@code source}; false when it is not after what was seen on its partition. */
    boolean advance(SourceRef source) {
        for (int i = 0; i < highest.length; i++) {
            if (highest[i].samePartition(source)) {
                if (!source.isAfter(highest[i])) {
                    return false;
                }
                highest[i] = source;
                return true;
            }
        }
        highest = Arrays.copyOf(highest, highest.length + 1);
        highest[highest.length - 1] = source;
        return true;
    }
}
