package io.herald.wire.frame;

import com.fasterxml.jackson.databind.JsonNode;
import io.herald.wire.Position;
import io.herald.wire.Subject;
import java.util.ArrayList;
import java.util.List;

/** Builds a {@link ClientFrame} from a parsed frame object, strictly as PROTOCOL.md says. */
final class ClientFrameDecoder {

    private ClientFrameDecoder() {}

    static ClientFrame decode(String type, FrameFields f, String requestId)
            throws FrameDecodeException {
        switch (type) {
            case "subscribe":
                return new ClientFrame.Subscribe(f.id(), subscriptions(f));
            case "unsubscribe":
                return new ClientFrame.Unsubscribe(f.id(), subjects(f));
            case "publish":
                return new ClientFrame.Publish(f.id(), f.subject("subject"), f.string("content"));
            case "publishBatch":
                return batch(f);
            case "ping":
                return new ClientFrame.Ping(f.id());
            case "auth":
                return new ClientFrame.Auth(f.nonEmptyString("token"));
            default:
                throw new UnknownFrameTypeException(type, requestId);
        }
    }

    private static List<ClientFrame.SubscriptionRequest> subscriptions(FrameFields f)
            throws FrameDecodeException {
        JsonNode array = f.nonEmptyArray("subjects");
        List<ClientFrame.SubscriptionRequest> out = new ArrayList<>(array.size());
        for (int i = 0; i < array.size(); i++) {
            FrameFields entry = f.element("subjects", i, array.get(i));
            Position from = entry.optionalPosition("from");
            long fromTimestamp = entry.optionalSafeLong("fromTimestamp");
            if (from == null && fromTimestamp != ClientFrame.SubscriptionRequest.NO_TIMESTAMP) {
                throw entry.badRequest("fromTimestamp", "is only allowed with from");
            }
            out.add(
                    new ClientFrame.SubscriptionRequest(
                            entry.subject("subject"),
                            from,
                            entry.optionalInt("history", 0),
                            fromTimestamp));
        }
        return out;
    }

    /**
     * A batch whose items are objects with a valid {@code id} each (else the whole batch is a bad
     * request); an item whose subject or content is bad becomes {@link ClientFrame.Refused}.
     */
    private static ClientFrame.PublishBatch batch(FrameFields f) throws FrameDecodeException {
        String id = f.id();
        JsonNode array = f.nonEmptyArray("messages");
        if (array.size() > ClientFrame.MAX_BATCH) {
            throw f.badRequest(
                    "messages",
                    "must have at most " + ClientFrame.MAX_BATCH + " items, had " + array.size());
        }
        List<ClientFrame.Publish> messages = new ArrayList<>(array.size());
        List<ClientFrame.Refused> refused = new ArrayList<>();
        for (int i = 0; i < array.size(); i++) {
            FrameFields item = f.element("messages", i, array.get(i));
            String itemId = item.id();
            FrameFields answered = item.answeredAs(itemId);
            try {
                messages.add(
                        new ClientFrame.Publish(
                                itemId, answered.subject("subject"), answered.string("content")));
            } catch (FrameDecodeException e) {
                refused.add(new ClientFrame.Refused(itemId, e.code(), e.getMessage()));
            }
        }
        return new ClientFrame.PublishBatch(id, messages, refused);
    }

    private static List<Subject> subjects(FrameFields f) throws FrameDecodeException {
        JsonNode array = f.nonEmptyArray("subjects");
        List<Subject> out = new ArrayList<>(array.size());
        for (int i = 0; i < array.size(); i++) {
            out.add(f.subjectElement("subjects", i, array.get(i)));
        }
        return out;
    }
}
