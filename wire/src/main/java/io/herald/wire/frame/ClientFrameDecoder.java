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

    private static List<Subject> subjects(FrameFields f) throws FrameDecodeException {
        JsonNode array = f.nonEmptyArray("subjects");
        List<Subject> out = new ArrayList<>(array.size());
        for (int i = 0; i < array.size(); i++) {
            out.add(f.subjectElement("subjects", i, array.get(i)));
        }
        return out;
    }
}
