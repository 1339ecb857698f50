package io.herald.wire.frame;

import io.herald.wire.Position;
import io.herald.wire.Subject;
import java.util.Objects;

/**
 * A frame an edge sends to a client (PROTOCOL.md, "Edge → client"). Instances are immutable and
 * valid by construction.
 */
public sealed interface EdgeFrame
        permits EdgeFrame.Welcome,
                EdgeFrame.Subscribed,
                EdgeFrame.Message,
                EdgeFrame.Published,
                EdgeFrame.Pong,
                EdgeFrame.ErrorFrame {

    /** The wire {@code type}. */
    String type();

    /**
     * {@code welcome}: the edge's first frame on a connection, with the limits a client keeps
     * within so that it is never refused for going too fast.
     */
    record Welcome(EdgeLimits limits) implements EdgeFrame {
        public Welcome {
            Objects.requireNonNull(limits, "limits");
        }

        @Override
        public String type() {
            return "welcome";
        }
    }

    /**
     * {@code subscribed}: one per subject of a subscribe, before any replayed message of it. {@code
     * head} (nullable) is the last position the edge knows on the subject; {@code reason}
     * (nullable, only with {@link Recovery#PARTIAL}) why the edge could not prove the resume
     * complete, e.g. {@code retention} (PROTOCOL.md lists the values; a client must accept others).
     */
    record Subscribed(String id, Subject subject, Recovery recovery, Position head, String reason)
            implements EdgeFrame {
        public Subscribed {
            Objects.requireNonNull(id, "id");
            Objects.requireNonNull(subject, "subject");
            Objects.requireNonNull(recovery, "recovery");
            if (reason != null && recovery != Recovery.PARTIAL) {
                throw new IllegalArgumentException("a reason comes only with partial: " + reason);
            }
        }

        /** Without a reason. */
        public Subscribed(String id, Subject subject, Recovery recovery, Position head) {
            this(id, subject, recovery, head, null);
        }

        @Override
        public String type() {
            return "subscribed";
        }
    }

    /**
     * {@code message}: one message of a subject, in position order per subject. {@code timestamp}
     * is when it was sequenced (ms since 1970); {@code replay} is true for messages from the cache.
     */
    record Message(
            Subject subject, Position position, String content, long timestamp, boolean replay)
            implements EdgeFrame {
        public Message {
            Objects.requireNonNull(subject, "subject");
            Objects.requireNonNull(position, "position");
            Objects.requireNonNull(content, "content");
            if (timestamp < 0 || timestamp > Position.MAX_SAFE) {
                throw new IllegalArgumentException(
                        "timestamp out of range 0.." + Position.MAX_SAFE + ": " + timestamp);
            }
        }

        @Override
        public String type() {
            return "message";
        }
    }

    /** {@code published}: the client's publish {@code id} is committed at that position. */
    record Published(String id, Subject subject, Position position) implements EdgeFrame {
        public Published {
            Objects.requireNonNull(id, "id");
            Objects.requireNonNull(subject, "subject");
            Objects.requireNonNull(position, "position");
        }

        @Override
        public String type() {
            return "published";
        }
    }

    /** {@code pong}: the answer to the ping with the same id. */
    record Pong(String id) implements EdgeFrame {
        public Pong {
            Objects.requireNonNull(id, "id");
        }

        @Override
        public String type() {
            return "pong";
        }
    }

    /**
     * {@code error}: a request failed. {@code id} (nullable) is the failed request's id when it had
     * one that could be read. {@code subject} (nullable) names the subscription the error ended
     * when it ended one on its own (a refreshed token that no longer allows it: {@code FORBIDDEN}).
     */
    record ErrorFrame(String id, ErrorCode code, String message, Subject subject)
            implements EdgeFrame {
        public ErrorFrame {
            Objects.requireNonNull(code, "code");
            Objects.requireNonNull(message, "message");
        }

        /** An error about a request, naming no subscription. */
        public ErrorFrame(String id, ErrorCode code, String message) {
            this(id, code, message, null);
        }

        @Override
        public String type() {
            return "error";
        }
    }
}
