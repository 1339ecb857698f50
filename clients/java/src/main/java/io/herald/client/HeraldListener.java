package io.herald.client;

import io.herald.wire.Position;
import io.herald.wire.Subject;
import io.herald.wire.frame.EdgeFrame;
import io.herald.wire.frame.Recovery;
import java.net.URI;

/**
 * Callbacks of a {@link HeraldClient}. All are invoked on the client's single callback thread, one
 * at a time, in the order the events happened; every method has an empty default. A callback may
 * call the client (e.g. publish and wait for the ack); it should not block for long, since
 * undelivered events then pile up to {@code maxQueuedEvents}, after which the client stops reading
 * from the edge (and a slow reader is eventually disconnected by the edge with 4008). Exceptions
 * thrown by a callback are logged and otherwise ignored.
 */
public interface HeraldListener {

    /**
     * A message of a subscribed subject. Per subject, positions are strictly increasing: the client
     * drops anything at or below the last delivered position (a duplicate) before it gets here.
     */
    default void onMessage(EdgeFrame.Message message) {}

    /**
     * A subscription was (re)established on an edge. {@code recovery}: {@link Recovery#COMPLETE}
     * when every message after the resume position follows; {@link Recovery#PARTIAL} when the edge
     * cannot prove it (the application must re-sync: expect {@link #onGap}); {@link Recovery#NONE}
     * when there was no position to resume from. {@code head} is the edge's last position on the
     * subject, or null.
     */
    default void onSubscribed(Subject subject, Recovery recovery, Position head) {}

    /**
     * The same, with the edge's {@code reason} when {@code recovery} is {@link Recovery#PARTIAL}
     * and the edge said why (null otherwise): {@code retention}, {@code not-in-log}, {@code hole},
     * {@code limit}, {@code busy}, {@code kafka-error}, {@code cache-moved} (PROTOCOL.md, {@code
     * subscribed}); a newer edge may send others. By default it calls {@link #onSubscribed(Subject,
     * Recovery, Position)}: override one or the other.
     */
    default void onSubscribed(Subject subject, Recovery recovery, Position head, String reason) {
        onSubscribed(subject, recovery, head);
    }

    /**
     * A message arrived that does not immediately follow the last one delivered on its subject (the
     * next seq of the same epoch, or seq 0 of a greater epoch): the messages in between are
     * missing. {@code received} is delivered right after this call.
     */
    default void onGap(Subject subject, Position lastDelivered, Position received) {}

    /** The connection changed state; {@code edge} is the edge concerned (null when none). */
    default void onStateChange(ConnectionState state, URI edge) {}

    /**
     * An error not tied to a future the application holds: a subscription refused on resubscribe,
     * an unsolicited {@code error} frame, an undecodable frame, an authentication failure.
     */
    default void onError(HeraldException error) {}
}
