package io.herald.wire.frame;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.herald.wire.Position;
import io.herald.wire.Subject;

/**
 * A decoded frame as the vectors' {@code decoded} trees write it: wire field names, every optional
 * field present with what its absence means, numbers as longs.
 */
final class FrameViews {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private FrameViews() {}

    static ObjectNode of(ClientFrame frame) {
        ObjectNode n = NODES.objectNode().put("type", frame.type());
        if (frame instanceof ClientFrame.Subscribe s) {
            n.put("id", s.id());
            var subjects = n.putArray("subjects");
            for (ClientFrame.SubscriptionRequest r : s.subjects()) {
                ObjectNode entry = subjects.addObject().put("subject", r.subject().value());
                position(entry, "from", r.from());
                entry.put("history", (long) r.history());
                if (r.hasFromTimestamp()) {
                    entry.put("fromTimestamp", r.fromTimestamp());
                }
            }
        } else if (frame instanceof ClientFrame.Unsubscribe u) {
            n.put("id", u.id());
            var subjects = n.putArray("subjects");
            u.subjects().stream().map(Subject::value).forEach(subjects::add);
        } else if (frame instanceof ClientFrame.Publish p) {
            n.put("id", p.id()).put("subject", p.subject().value()).put("content", p.content());
        } else if (frame instanceof ClientFrame.PublishBatch b) {
            n.put("id", b.id());
            var messages = n.putArray("messages");
            for (ClientFrame.Publish p : b.messages()) {
                messages.addObject()
                        .put("id", p.id())
                        .put("subject", p.subject().value())
                        .put("content", p.content());
            }
        } else if (frame instanceof ClientFrame.Ping p) {
            n.put("id", p.id());
        } else if (frame instanceof ClientFrame.Auth a) {
            n.put("token", a.token());
        }
        return n;
    }

    static ObjectNode of(EdgeFrame frame) {
        ObjectNode n = NODES.objectNode().put("type", frame.type());
        if (frame instanceof EdgeFrame.Subscribed s) {
            n.put("id", s.id()).put("subject", s.subject().value());
            n.put("recovery", s.recovery().wireName());
            position(n, "head", s.head());
            n.put("reason", s.reason());
        } else if (frame instanceof EdgeFrame.Message m) {
            n.put("subject", m.subject().value());
            positionFields(n, m.position());
            n.put("content", m.content()).put("timestamp", m.timestamp()).put("replay", m.replay());
        } else if (frame instanceof EdgeFrame.Published p) {
            n.put("id", p.id()).put("subject", p.subject().value());
            positionFields(n, p.position());
        } else if (frame instanceof EdgeFrame.Pong p) {
            n.put("id", p.id());
        } else if (frame instanceof EdgeFrame.Welcome w) {
            n.putObject("limits")
                    .put("maxPendingPublishes", (long) w.limits().maxPendingPublishes())
                    .put("framesPerSecond", (long) w.limits().framesPerSecond())
                    .put("maxFrameBytes", (long) w.limits().maxFrameBytes())
                    .put("maxBatch", (long) w.limits().maxBatch());
        } else if (frame instanceof EdgeFrame.ErrorFrame e) {
            n.put("id", e.id()).put("code", e.code().name()).put("message", e.message());
            n.put("subject", e.subject() == null ? null : e.subject().value());
        }
        return n;
    }

    private static void position(ObjectNode n, String field, Position p) {
        if (p == null) {
            n.putNull(field);
        } else {
            positionFields(n.putObject(field), p);
        }
    }

    private static void positionFields(ObjectNode n, Position p) {
        n.put("epoch", p.epoch()).put("seq", p.seq());
    }
}
