package io.herald.client;

import io.herald.wire.Position;
import io.herald.wire.Subject;
import io.herald.wire.frame.ClientFrame;
import io.herald.wire.frame.ClientFrame.SubscriptionRequest;
import io.herald.wire.frame.EdgeFrame;
import io.herald.wire.frame.ErrorCode;
import io.herald.wire.frame.FrameCodec;
import java.net.URI;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

/**
 * A Herald client: one WebSocket connection at a time to one of several edges, with automatic
 * reconnect and resume.
 *
 * <p><b>Reconnect.</b> When the connection fails or closes, the client moves to the next edge of
 * its list after a backoff (exponential, with jitter; reset once a connection has been stable), or
 * after a short random delay when the edge said it is shutting down (close code 1001). On the new
 * connection it resubscribes every subject with {@code from} = the last position delivered on it,
 * and reports the edge's {@link io.herald.wire.frame.Recovery recovery} per subject. Close code
 * 4001 (unauthenticated) stops the client in {@link ConnectionState#AUTH_FAILED} instead of
 * retrying.
 *
 * <p><b>Delivery.</b> Per subject, messages reach {@link HeraldListener#onMessage} in strictly
 * increasing position order: anything at or below the last delivered position is dropped as a
 * duplicate; a message that does not immediately follow it is reported to {@link
 * HeraldListener#onGap} first.
 *
 * <p><b>Publish.</b> {@link #publish} returns a future completed with the committed position, or
 * failed with {@link HeraldErrorException} (the edge's error code, or the client's own {@code
 * OVERLOADED} / {@code PUBLISH_TIMEOUT} / {@code BAD_REQUEST} bounds) or {@link HeraldException}
 * (client closed). Publishes made while disconnected are sent on the next connection, and so are
 * publishes whose connection dropped before their ack, with the same id: the sequencer recognises a
 * resend of a publish it already sequenced and the edge acknowledges it with the original position,
 * so each publish is committed once (within the job's de-duplication window, 10 min by default, far
 * above the publish timeout). Publishes queue in the client and go out as fast as the edge allows
 * and no faster: the edge says its limits in its first frame ({@code welcome}), and the client
 * keeps no more publishes in flight than it allows, puts several in one frame ({@code
 * publishBatch}), and paces its frames below the edge's rate, so a fast publisher is never refused
 * nor closed by the edge for its pace; {@code publish} itself fails fast with {@code OVERLOADED}
 * only when the client's own queue ({@code maxPendingPublishes}) is full.
 *
 * <p><b>Threads.</b> Every method is thread-safe and non-blocking except {@link #close()}. Listener
 * callbacks run on one callback thread per client. Futures complete on the client's internal loop
 * thread: chain heavy or blocking work with the {@code *Async} variants.
 */
public final class HeraldClient implements AutoCloseable {

    private final HeraldClientConfig config;
    private final Scheduler loop;
    private final ClientCore core;
    private final ClientStats stats;
    private final FrameCodec codec;

    HeraldClient(
            HeraldClientConfig config,
            HeraldListener listener,
            Transport transport,
            Scheduler loop,
            EventDispatcher events,
            java.util.random.RandomGenerator random) {
        this.config = config;
        this.loop = loop;
        this.stats = new ClientStats();
        this.codec = new FrameCodec(config.maxInboundFrameBytes());
        this.core = new ClientCore(config, listener, transport, loop, events, random, stats);
    }

    /** A client for {@code config}, reporting to {@code listener}; call {@link #start()}. */
    public static HeraldClient create(HeraldClientConfig config, HeraldListener listener) {
        Objects.requireNonNull(config, "config");
        Objects.requireNonNull(listener, "listener");
        return new HeraldClient(
                config,
                listener,
                new JdkWebSocketTransport(config.maxInboundFrameBytes()),
                new LoopScheduler(),
                EventDispatcher.ownThread(config.maxQueuedEvents()),
                new SecureRandom());
    }

    /**
     * Connects to the first edge (a random one of the list). Also restarts a client stopped in
     * {@link ConnectionState#AUTH_FAILED}, with a fresh token from the supplier. Otherwise a no-op.
     */
    public void start() {
        run(core::start, e -> {});
    }

    /**
     * Subscribes to a subject: live ({@link SubscriptionRequest#live}), after a position ({@link
     * SubscriptionRequest#resume}) or with the last n cached messages first ({@link
     * SubscriptionRequest#history}). The future completes with the first {@code subscribed} frame,
     * or fails with {@link HeraldErrorException} (e.g. {@code FORBIDDEN}), or with
     * IllegalStateException when the subject is already subscribed. Subscriptions made before the
     * connection is up are sent once it is.
     */
    public CompletableFuture<EdgeFrame.Subscribed> subscribe(SubscriptionRequest request) {
        Objects.requireNonNull(request, "request");
        CompletableFuture<EdgeFrame.Subscribed> result = new CompletableFuture<>();
        run(() -> core.subscribe(request, result), result::completeExceptionally);
        return result;
    }

    /**
     * Subscribes to live messages of {@code subject}; see {@link #subscribe(SubscriptionRequest)}.
     */
    public CompletableFuture<EdgeFrame.Subscribed> subscribe(Subject subject) {
        return subscribe(SubscriptionRequest.live(subject));
    }

    /** Stops delivery for a subject and forgets its position; a no-op when not subscribed. */
    public void unsubscribe(Subject subject) {
        Objects.requireNonNull(subject, "subject");
        run(() -> core.unsubscribe(subject), e -> {});
    }

    /**
     * Publishes {@code content} on {@code subject}. The future completes with the position the
     * message was committed at; see the class comment for its failures.
     */
    public CompletableFuture<Position> publish(Subject subject, String content) {
        CompletableFuture<Position> ack = new CompletableFuture<>();
        String id = core.newPublishId();
        ClientFrame.Publish frame;
        String json;
        try {
            frame = new ClientFrame.Publish(id, subject, content);
            json = codec.encodeClientFrame(frame);
        } catch (IllegalArgumentException e) {
            ack.completeExceptionally(
                    new HeraldErrorException(ErrorCode.BAD_REQUEST, e.getMessage(), false));
            return ack;
        }
        int bytes = utf8Length(json);
        if (bytes > config.maxOutboundFrameBytes()) {
            ack.completeExceptionally(
                    new HeraldErrorException(
                            ErrorCode.BAD_REQUEST,
                            "publish frame exceeds " + config.maxOutboundFrameBytes() + " bytes",
                            false));
            return ack;
        }
        PendingPublishes.Pending pending = new PendingPublishes.Pending(frame, json, bytes, ack);
        run(() -> core.publish(pending), ack::completeExceptionally);
        return ack;
    }

    /** Pings the edge; the future completes with the round-trip time. */
    public CompletableFuture<Duration> ping() {
        CompletableFuture<Duration> pong = new CompletableFuture<>();
        run(() -> core.ping(pong), pong::completeExceptionally);
        return pong;
    }

    /** The connection state now. */
    public ConnectionState state() {
        return stats.state;
    }

    /** The last position delivered on each subscribed subject that has received one. */
    public Map<Subject, Position> positions() {
        return stats.positions();
    }

    /** Counters since creation. */
    public HeraldClientStats stats() {
        return stats.snapshot();
    }

    /** The configuration this client runs with. */
    public HeraldClientConfig config() {
        return config;
    }

    /**
     * Closes the connection (code 1000), fails every pending future with {@link HeraldException},
     * reports {@link ConnectionState#CLOSED} and stops the client's threads once queued callbacks
     * have run. Waits up to 5 s for the loop; idempotent.
     */
    @Override
    public void close() {
        if (loop.inLoop()) {
            core.close();
            return;
        }
        CompletableFuture<Void> done = new CompletableFuture<>();
        run(
                () -> {
                    core.close();
                    done.complete(null);
                },
                e -> done.complete(null));
        try {
            done.get(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            throw new HeraldException("client did not close within 5 s", e);
        }
    }

    /** Runs {@code task} on the loop, or reports that the client is closed. */
    private void run(Runnable task, Consumer<HeraldException> whenClosed) {
        try {
            loop.execute(task);
        } catch (RejectedExecutionException e) {
            whenClosed.accept(new HeraldException("client closed"));
        }
    }

    /** For diagnostics: the edge URLs. */
    @Override
    public String toString() {
        return "HeraldClient" + config.edges().stream().map(URI::toString).toList();
    }

    /** The UTF-8 length of well-formed text (a surrogate pair is 4 bytes, 2 per char). */
    private static int utf8Length(String text) {
        int bytes = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            bytes += c < 0x80 ? 1 : c < 0x800 || Character.isSurrogate(c) ? 2 : 3;
        }
        return bytes;
    }
}
