package io.herald.edge.publish;

import io.herald.wire.Subject;

/**
 * A client's publish waiting for its sequenced record. {@code id} is the frame's {@code id} and the
 * record's {@code message-id} header; {@code publisher} is the connection's principal (the token's
 * {@code sub}) and the {@code publisher} header. The pair names the message wherever it is resent
 * (docs/PROTOCOL.md).
 */
public record PendingPublish(String publisher, String id, Subject subject, PublishOwner owner) {

    /** The registry's key. */
    String key() {
        return key(publisher, id);
    }

    /** The pair {@code (publisher, id)} as one string, unambiguously. */
    static String key(String publisher, String id) {
        return publisher.length() + ":" + publisher + id;
    }
}
