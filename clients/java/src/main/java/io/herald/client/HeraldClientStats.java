package io.herald.client;

/**
 * Counters of a {@link HeraldClient} since it was created, as a snapshot.
 *
 * @param state the connection state when the snapshot was taken
 * @param connectAttempts connections tried
 * @param connects connections opened
 * @param delivered messages handed to the listener
 * @param duplicatesDropped messages dropped at or below their subject's last position
 * @param gaps messages that did not immediately follow their subject's last position
 * @param partialRecoveries {@code subscribed} frames with recovery {@code partial}
 * @param publishesAcked publishes acknowledged with a position
 */
public record HeraldClientStats(
        ConnectionState state,
        long connectAttempts,
        long connects,
        long delivered,
        long duplicatesDropped,
        long gaps,
        long partialRecoveries,
        long publishesAcked) {}
