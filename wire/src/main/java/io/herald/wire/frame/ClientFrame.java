package io.herald.wire.frame;

import io.herald.wire.Position;
import io.herald.wire.Subject;
import java.util.List;
import java.util.Objects;

/**
 * A frame a client sends to an edge (PROTOCOL.md, "Client → edge"). Instances are immutable and
 * valid by construction: ids are 1 to {@value #MAX_ID_LENGTH} characters, subjects parsed, lists
 * non-empty, strings well-formed Unicode (no unpaired surrogate); constructors throw
 * IllegalArgumentException otherwise.
 */
public sealed interface ClientFrame
        permits ClientFrame.Subscribe,
                ClientFrame.Unsubscribe,
                ClientFrame.Publish,
                ClientFrame.PublishBatch,
                ClientFrame.Ping,
                ClientFrame.Auth {

    /**
     * The longest request {@code id}, in characters: an edge echoes ids in its answers, so a long
     * one would make every answer long.
     */
    int MAX_ID_LENGTH = 128;

    /**
     * The most messages one {@code publishBatch} may carry; the edge tells its clients in {@code
     * welcome}. The frame size limit bounds a batch too.
     */
    int MAX_BATCH = 500;

    /** The wire {@code type}. */
    String type();

    /** {@code subscribe}: subscribes to each subject of the list. */
    record Subscribe(String id, List<SubscriptionRequest> subjects) implements ClientFrame {
        public Subscribe {
            requireId(id);
            subjects = nonEmptyCopy(subjects);
        }

        @Override
        public String type() {
            return "subscribe";
        }
    }

    /** {@code unsubscribe}: stops delivery for those subjects. */
    record Unsubscribe(String id, List<Subject> subjects) implements ClientFrame {
        public Unsubscribe {
            requireId(id);
            subjects = nonEmptyCopy(subjects);
        }

        @Override
        public String type() {
            return "unsubscribe";
        }
    }

    /**
     * {@code publish}: the edge writes {@code content} to the subject's Kafka topic and answers
     * {@code published} once it is sequenced and committed. {@code id} is unique per client
     * message: acks and de-duplication use it.
     */
    record Publish(String id, Subject subject, String content) implements ClientFrame {
        public Publish {
            requireId(id);
            Objects.requireNonNull(subject, "subject");
            requireWellFormed("content", content);
        }

        @Override
        public String type() {
            return "publish";
        }
    }

    /**
     * {@code publishBatch}: several publishes in one frame, each acknowledged on its own ({@code
     * published} or {@code error} with its {@code id}). {@code id} names the frame, for an error
     * about the whole batch. {@code refused}: items an edge decoded but could not accept (a bad
     * subject or content), each answered with its own error while the others go on; a client never
     * sends one, and it is not encoded.
     */
    record PublishBatch(String id, List<Publish> messages, List<Refused> refused)
            implements ClientFrame {
        public PublishBatch {
            requireId(id);
            messages = List.copyOf(messages);
            refused = List.copyOf(refused);
            int size = messages.size() + refused.size();
            if (size == 0 || size > MAX_BATCH) {
                throw new IllegalArgumentException(
                        "a batch carries 1.." + MAX_BATCH + " messages: " + size);
            }
        }

        /** A batch of valid publishes, as a client sends it. */
        public PublishBatch(String id, List<Publish> messages) {
            this(id, messages, List.of());
        }

        @Override
        public String type() {
            return "publishBatch";
        }
    }

    /** An item of a {@code publishBatch} the edge refuses on its own: answered with its id. */
    record Refused(String id, ErrorCode code, String message) {
        public Refused {
            requireId(id);
            Objects.requireNonNull(code, "code");
            Objects.requireNonNull(message, "message");
        }

        /** The {@code error} frame that answers it. */
        public EdgeFrame.ErrorFrame toErrorFrame() {
            return new EdgeFrame.ErrorFrame(id, code, message);
        }
    }

    /** {@code ping}: the edge answers {@code pong} with the same id. */
    record Ping(String id) implements ClientFrame {
        public Ping {
            requireId(id);
        }

        @Override
        public String type() {
            return "ping";
        }
    }

    /** {@code auth}: a JWT, sent as the first frame when it is not in the URL's query. */
    record Auth(String token) implements ClientFrame {
        public Auth {
            requireWellFormed("token", token);
            if (token.isEmpty()) {
                throw new IllegalArgumentException("token must not be empty");
            }
        }

        @Override
        public String type() {
            return "auth";
        }
    }

    /**
     * One entry of a subscribe's {@code subjects}. {@code from} (nullable): resume strictly after
     * that position. {@code history} (0 = none): the last n cached messages first. Neither: live
     * messages only. {@code fromTimestamp} ({@link #NO_TIMESTAMP} = absent): the {@code timestamp}
     * of the message at {@code from}, which tells the edge where to start reading the sequenced
     * topic when its cache no longer reaches back to {@code from}.
     */
    record SubscriptionRequest(Subject subject, Position from, int history, long fromTimestamp) {
        /** {@code fromTimestamp} when the client does not send one. */
        public static final long NO_TIMESTAMP = -1;

        public SubscriptionRequest {
            Objects.requireNonNull(subject, "subject");
            if (history < 0) {
                throw new IllegalArgumentException("history must be >= 0: " + history);
            }
            if (fromTimestamp < NO_TIMESTAMP || (from == null && fromTimestamp != NO_TIMESTAMP)) {
                throw new IllegalArgumentException(
                        "fromTimestamp must be >= 0 and comes with from: " + fromTimestamp);
            }
        }

        public SubscriptionRequest(Subject subject, Position from, int history) {
            this(subject, from, history, NO_TIMESTAMP);
        }

        /**
         * Every message strictly after {@code from} (sequenced at {@code timestamp}), then live.
         */
        public static SubscriptionRequest resume(Subject subject, Position from, long timestamp) {
            return new SubscriptionRequest(
                    subject, Objects.requireNonNull(from, "from"), 0, timestamp);
        }

        /** Whether the client sent the timestamp of the message at {@code from}. */
        public boolean hasFromTimestamp() {
            return fromTimestamp != NO_TIMESTAMP;
        }

        /** Live messages only. */
        public static SubscriptionRequest live(Subject subject) {
            return new SubscriptionRequest(subject, null, 0);
        }

        /** Every message strictly after {@code from}, then live ones. */
        public static SubscriptionRequest resume(Subject subject, Position from) {
            return new SubscriptionRequest(subject, Objects.requireNonNull(from, "from"), 0);
        }

        /** The last {@code n} cached messages, then live ones. */
        public static SubscriptionRequest history(Subject subject, int n) {
            return new SubscriptionRequest(subject, null, n);
        }
    }

    private static void requireId(String id) {
        requireWellFormed("id", id);
        if (id.isEmpty() || id.length() > MAX_ID_LENGTH) {
            throw new IllegalArgumentException(
                    "id must be 1.." + MAX_ID_LENGTH + " characters: " + id.length());
        }
    }

    private static <T> List<T> nonEmptyCopy(List<T> subjects) {
        List<T> copy = List.copyOf(subjects);
        if (copy.isEmpty()) {
            throw new IllegalArgumentException("subjects must not be empty");
        }
        return copy;
    }

    /** Non-null and without unpaired surrogates, so that it encodes to UTF-8 without loss. */
    private static void requireWellFormed(String field, String value) {
        Objects.requireNonNull(value, field);
        if (!FrameFields.isWellFormed(value)) {
            throw new IllegalArgumentException(
                    field + " is not valid Unicode (unpaired surrogate)");
        }
    }
}
