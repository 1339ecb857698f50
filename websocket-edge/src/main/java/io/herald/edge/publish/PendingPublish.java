package io.herald.edge.publish;

import io.herald.wire.Subject;

/**
 * A client's publish waiting for its sequenced record. {@code messageId} is the Kafka header value,
 * unique per edge, connection and client id; {@code clientId} is the frame's {@code id}.
 */
public record PendingPublish(
        String messageId, String clientId, Subject subject, PublishOwner owner) {}
