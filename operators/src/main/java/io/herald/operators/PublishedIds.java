package io.herald.operators;

import java.time.Duration;
import org.apache.flink.api.common.functions.RuntimeContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.StateTtlConfig;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;

/**
 * The de-duplication window of one subject: for each {@code (publisher, message-id)} the sequencer
 * sequenced on it within the window, where the message went ({@link PublishedPosition}). Keyed
 * state of the sequencer's own operator, so it is checkpointed with the positions it refers to:
 * after any restore, the window and the positions agree.
 *
 * <p>Every entry lives for the window from its write (Flink state TTL on processing time), is never
 * read back once expired, and is removed: as state is accessed on the heap backend, by RocksDB's
 * compaction filter, and from full snapshots. So the state holds at most the messages with a {@code
 * message-id} of the last window.
 */
final class PublishedIds {

    /** Name of the keyed {@code MapState<String, PublishedPosition>}. */
    static final String STATE = "published-ids";

    /** Entries the heap backend's incremental cleanup visits per record. */
    private static final int HEAP_CLEANUP_ENTRIES = 10;

    /** RocksDB's TTL compaction filter reads the current time after this many entries. */
    private static final long ROCKSDB_CLEANUP_QUERY_INTERVAL = 1000;

    private final MapState<String, PublishedPosition> published;

    private PublishedIds(MapState<String, PublishedPosition> published) {
        this.published = published;
    }

    /** The window's state in {@code context}'s keyed backend. */
    static PublishedIds open(RuntimeContext context, Duration window) {
        return new PublishedIds(context.getMapState(descriptor(window)));
    }

    /** The state's descriptor, with its TTL of {@code window}. */
    static MapStateDescriptor<String, PublishedPosition> descriptor(Duration window) {
        MapStateDescriptor<String, PublishedPosition> descriptor =
                new MapStateDescriptor<>(
                        STATE, Types.STRING, TypeInformation.of(PublishedPosition.class));
        descriptor.enableTimeToLive(
                StateTtlConfig.newBuilder(window)
                        .updateTtlOnCreateAndWrite()
                        .neverReturnExpired()
                        .cleanupIncrementally(HEAP_CLEANUP_ENTRIES, true)
                        .cleanupInRocksdbCompactFilter(ROCKSDB_CLEANUP_QUERY_INTERVAL)
                        .cleanupFullSnapshot()
                        .build());
        return descriptor;
    }

    /** Where the current subject's message {@code (publisher, messageId)} went, or null. */
    PublishedPosition find(String publisher, String messageId) throws Exception {
        return published.get(key(publisher, messageId));
    }

    /** Remembers where the current subject's message {@code (publisher, messageId)} went. */
    void remember(String publisher, String messageId, PublishedPosition at) throws Exception {
        published.put(key(publisher, messageId), at);
    }

    /**
     * One string per pair, unambiguous: the publisher's length, then the publisher, then the id. An
     * absent publisher is the empty one.
     */
    static String key(String publisher, String messageId) {
        String p = publisher == null ? "" : publisher;
        return p.length() + ":" + p + messageId;
    }
}
