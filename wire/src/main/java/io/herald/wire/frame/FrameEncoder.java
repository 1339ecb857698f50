package io.herald.wire.frame;

import com.fasterxml.jackson.core.JsonGenerator;
import io.herald.wire.Position;
import io.herald.wire.Subject;
import java.io.IOException;

/** Writes frames as JSON objects, {@code type} first, optional fields omitted when absent. */
final class FrameEncoder {

    private FrameEncoder() {}

    static void write(JsonGenerator g, EdgeFrame frame) throws IOException {
        g.writeStartObject();
        g.writeStringField("type", frame.type());
        if (frame instanceof EdgeFrame.Message m) {
            g.writeStringField("subject", m.subject().value());
            writePositionFields(g, m.position());
            g.writeStringField("content", m.content());
            g.writeNumberField("timestamp", m.timestamp());
            g.writeBooleanField("replay", m.replay());
        } else if (frame instanceof EdgeFrame.Subscribed s) {
            g.writeStringField("id", s.id());
            g.writeStringField("subject", s.subject().value());
            g.writeStringField("recovery", s.recovery().wireName());
            g.writeFieldName("head");
            if (s.head() == null) {
                g.writeNull();
            } else {
                writePosition(g, s.head());
            }
            if (s.reason() != null) {
                g.writeStringField("reason", s.reason());
            }
        } else if (frame instanceof EdgeFrame.Published p) {
            g.writeStringField("id", p.id());
            g.writeStringField("subject", p.subject().value());
            writePositionFields(g, p.position());
        } else if (frame instanceof EdgeFrame.Pong p) {
            g.writeStringField("id", p.id());
        } else if (frame instanceof EdgeFrame.Welcome w) {
            EdgeLimits l = w.limits();
            g.writeObjectFieldStart("limits");
            g.writeNumberField("maxPendingPublishes", l.maxPendingPublishes());
            g.writeNumberField("framesPerSecond", l.framesPerSecond());
            g.writeNumberField("maxFrameBytes", l.maxFrameBytes());
            g.writeNumberField("maxBatch", l.maxBatch());
            g.writeEndObject();
        } else if (frame instanceof EdgeFrame.ErrorFrame e) {
            if (e.id() != null) {
                g.writeStringField("id", e.id());
            }
            g.writeStringField("code", e.code().name());
            g.writeStringField("message", e.message());
            if (e.subject() != null) {
                g.writeStringField("subject", e.subject().value());
            }
        }
        g.writeEndObject();
    }

    static void write(JsonGenerator g, ClientFrame frame) throws IOException {
        g.writeStartObject();
        g.writeStringField("type", frame.type());
        if (frame instanceof ClientFrame.Publish p) {
            g.writeStringField("id", p.id());
            g.writeStringField("subject", p.subject().value());
            g.writeStringField("content", p.content());
        } else if (frame instanceof ClientFrame.PublishBatch b) {
            g.writeStringField("id", b.id());
            g.writeArrayFieldStart("messages");
            for (ClientFrame.Publish p : b.messages()) {
                g.writeStartObject();
                g.writeStringField("id", p.id());
                g.writeStringField("subject", p.subject().value());
                g.writeStringField("content", p.content());
                g.writeEndObject();
            }
            g.writeEndArray();
        } else if (frame instanceof ClientFrame.Subscribe s) {
            g.writeStringField("id", s.id());
            g.writeArrayFieldStart("subjects");
            for (ClientFrame.SubscriptionRequest r : s.subjects()) {
                g.writeStartObject();
                g.writeStringField("subject", r.subject().value());
                if (r.from() != null) {
                    g.writeFieldName("from");
                    writePosition(g, r.from());
                }
                if (r.hasFromTimestamp()) {
                    g.writeNumberField("fromTimestamp", r.fromTimestamp());
                }
                if (r.history() > 0) {
                    g.writeNumberField("history", r.history());
                }
                g.writeEndObject();
            }
            g.writeEndArray();
        } else if (frame instanceof ClientFrame.Unsubscribe u) {
            g.writeStringField("id", u.id());
            g.writeArrayFieldStart("subjects");
            for (Subject subject : u.subjects()) {
                g.writeString(subject.value());
            }
            g.writeEndArray();
        } else if (frame instanceof ClientFrame.Ping p) {
            g.writeStringField("id", p.id());
        } else if (frame instanceof ClientFrame.Auth a) {
            g.writeStringField("token", a.token());
        }
        g.writeEndObject();
    }

    private static void writePosition(JsonGenerator g, Position p) throws IOException {
        g.writeStartObject();
        writePositionFields(g, p);
        g.writeEndObject();
    }

    private static void writePositionFields(JsonGenerator g, Position p) throws IOException {
        g.writeNumberField("epoch", p.epoch());
        g.writeNumberField("seq", p.seq());
    }
}
