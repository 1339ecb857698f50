package io.herald.client;

import io.herald.wire.Position;
import io.herald.wire.Subject;
import io.herald.wire.frame.EdgeFrame;
import io.herald.wire.frame.Recovery;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;

/** Records every callback, in order, as readable strings and typed lists. */
final class RecordingListener implements HeraldListener {
    final List<String> events = new ArrayList<>();
    final List<EdgeFrame.Message> messages = new ArrayList<>();
    final List<HeraldException> errors = new ArrayList<>();
    final List<ConnectionState> states = new ArrayList<>();

    @Override
    public void onMessage(EdgeFrame.Message message) {
        messages.add(message);
        events.add("message " + message.subject() + " " + message.position());
    }

    @Override
    public void onSubscribed(Subject subject, Recovery recovery, Position head, String reason) {
        events.add(
                "subscribed "
                        + subject
                        + " "
                        + recovery
                        + " head="
                        + head
                        + (reason == null ? "" : " reason=" + reason));
    }

    @Override
    public void onGap(Subject subject, Position lastDelivered, Position received) {
        events.add("gap " + subject + " " + lastDelivered + "->" + received);
    }

    @Override
    public void onStateChange(ConnectionState state, URI edge) {
        states.add(state);
        events.add("state " + state + " " + edge);
    }

    @Override
    public void onError(HeraldException error) {
        errors.add(error);
        events.add("error " + error.getMessage());
    }
}
