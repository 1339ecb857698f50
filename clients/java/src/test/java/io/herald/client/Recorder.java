package io.herald.client;

import io.herald.testing.Poll;
import io.herald.wire.Position;
import io.herald.wire.Subject;
import io.herald.wire.frame.EdgeFrame;
import io.herald.wire.frame.Recovery;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** A thread-safe {@link HeraldListener} that records everything, for assertions in ITs. */
final class Recorder implements HeraldListener {

    record StateChange(ConnectionState state, URI edge) {}

    record Subscribed(Subject subject, Recovery recovery, Position head) {}

    record Gap(Subject subject, Position last, Position received) {}

    final List<EdgeFrame.Message> messages = new CopyOnWriteArrayList<>();
    final List<Subscribed> subscribed = new CopyOnWriteArrayList<>();
    final List<Gap> gaps = new CopyOnWriteArrayList<>();
    final List<StateChange> states = new CopyOnWriteArrayList<>();
    final List<HeraldException> errors = new CopyOnWriteArrayList<>();
    volatile long lastMessageNanos;
    volatile long lastConnectedNanos;

    @Override
    public void onMessage(EdgeFrame.Message message) {
        messages.add(message);
        lastMessageNanos = System.nanoTime();
    }

    @Override
    public void onSubscribed(Subject subject, Recovery recovery, Position head) {
        subscribed.add(new Subscribed(subject, recovery, head));
    }

    @Override
    public void onGap(Subject subject, Position lastDelivered, Position received) {
        gaps.add(new Gap(subject, lastDelivered, received));
    }

    @Override
    public void onStateChange(ConnectionState state, URI edge) {
        states.add(new StateChange(state, edge));
        if (state == ConnectionState.CONNECTED) {
            lastConnectedNanos = System.nanoTime();
        }
    }

    @Override
    public void onError(HeraldException error) {
        errors.add(error);
    }

    /** The edges this client got connected to, in order. */
    List<URI> connectedEdges() {
        return states.stream()
                .filter(s -> s.state() == ConnectionState.CONNECTED)
                .map(StateChange::edge)
                .toList();
    }

    /**
     * The first edge this client got connected to, once the callback thread has reported it: a
     * future (say, of the first subscribe) completes on the client's loop thread, possibly before
     * the {@code CONNECTED} callback that preceded it has run.
     */
    URI firstConnectedEdge(Duration timeout) {
        Poll.until("connection reported", timeout, () -> !connectedEdges().isEmpty());
        return connectedEdges().get(0);
    }

    /** The messages of one subject, in delivery order. */
    List<EdgeFrame.Message> messages(Subject subject) {
        return messages.stream().filter(m -> m.subject().equals(subject)).toList();
    }
}
