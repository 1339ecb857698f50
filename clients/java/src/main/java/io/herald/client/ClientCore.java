package io.herald.client;

import io.herald.wire.Subject;
import io.herald.wire.frame.ClientFrame;
import io.herald.wire.frame.ClientFrame.SubscriptionRequest;
import io.herald.wire.frame.CloseCode;
import io.herald.wire.frame.EdgeFrame;
import io.herald.wire.frame.ErrorCode;
import io.herald.wire.frame.FrameCodec;
import io.herald.wire.frame.FrameDecodeException;
import io.herald.wire.frame.UnknownFrameTypeException;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.random.RandomGenerator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The client's protocol state machine. Every field is confined to the {@link Scheduler} loop:
 * transport events and API calls are posted to it, so there are no locks. See {@link HeraldClient}
 * for the contract.
 */
final class ClientCore {

    private static final Logger LOG = LoggerFactory.getLogger(ClientCore.class);

    /**
     * Inbound frames requested ahead of processing, so that reading from the socket overlaps
     * decoding on the loop. Each processed frame renews one unit of demand unless the callback
     * queue is full; the demand owed is renewed once it drains.
     */
    static final int DEMAND_WINDOW = 32;

    /** Room kept in a batch frame for its envelope: type, batch id, brackets. */
    private static final int BATCH_ENVELOPE_BYTES = 128;

    private final HeraldClientConfig config;
    private final Transport transport;
    private final Scheduler loop;
    private final EventDispatcher events;
    private final HeraldListener listener;
    private final FrameCodec codec;
    private final ReconnectPolicy reconnect;
    private final SubjectTracker subjects = new SubjectTracker();
    private final PendingPublishes publishes;
    private final PublishPacer pacer;
    private final PendingPings pings = new PendingPings();
    private final Heartbeat heartbeat;
    private final InboundHandler inbound;
    private final ClientStats stats;
    private final RequestIds ids;

    private ConnectionState state = ConnectionState.IDLE;
    private long generation;
    private Transport.Connection connection;
    private URI edge;

    /** Frames consumed while the callback queue was full, whose demand is not yet renewed. */
    private long owedDemand;

    private Scheduler.Cancellable reconnectTimer;
    private Scheduler.Cancellable heartbeatTimer;
    private Scheduler.Cancellable publishTimer;

    ClientCore(
            HeraldClientConfig config,
            HeraldListener listener,
            Transport transport,
            Scheduler loop,
            EventDispatcher events,
            RandomGenerator random,
            ClientStats stats) {
        this.config = config;
        this.listener = listener;
        this.transport = transport;
        this.loop = loop;
        this.events = events;
        this.stats = stats;
        this.codec = new FrameCodec(config.maxInboundFrameBytes());
        this.reconnect = new ReconnectPolicy(config, random);
        this.publishes = new PendingPublishes(config.maxPendingPublishes());
        this.pacer = new PublishPacer(config.maxOutboundFrameBytes());
        this.ids = new RequestIds(random);
        this.heartbeat =
                new Heartbeat(
                        config.heartbeatInterval().toMillis(),
                        config.heartbeatTimeout().toMillis());
        this.inbound =
                new InboundHandler(
                        subjects, publishes, pings, events, listener, stats, loop::nowMillis);
        events.onDrained(() -> post(this::resumeReading));
    }

    // ---- API operations, run on the loop ----

    void start() {
        if (state == ConnectionState.IDLE || state == ConnectionState.AUTH_FAILED) {
            reconnect.reset();
            connect();
        }
    }

    void subscribe(SubscriptionRequest request, CompletableFuture<EdgeFrame.Subscribed> result) {
        if (state == ConnectionState.CLOSED) {
            result.completeExceptionally(new HeraldException("client closed"));
            return;
        }
        SubjectTracker.Entry entry = subjects.add(request, result);
        if (entry == null) {
            result.completeExceptionally(
                    new IllegalStateException("already subscribed to " + request.subject()));
        } else if (connection != null) {
            sendSubscribe(entry);
        }
    }

    void unsubscribe(Subject subject) {
        SubjectTracker.Entry entry = subjects.remove(subject);
        if (entry == null) {
            return;
        }
        stats.forget(subject);
        entry.firstSubscribed.completeExceptionally(
                new HeraldException("unsubscribed from " + subject + " before it was confirmed"));
        if (connection != null) {
            send(new ClientFrame.Unsubscribe(ids.next("u"), List.of(subject)));
        }
    }

    /**
     * Queues a publish ({@link #newPublishId()} made its id); it goes out as the edge's limits
     * allow.
     */
    void publish(PendingPublishes.Pending pending) {
        if (state == ConnectionState.CLOSED) {
            pending.ack.completeExceptionally(new HeraldException("client closed"));
            return;
        }
        if (state == ConnectionState.AUTH_FAILED) {
            pending.ack.completeExceptionally(
                    new HeraldErrorException(
                            ErrorCode.UNAUTHENTICATED,
                            "the edge refused the token; start() again with a valid one",
                            false));
            return;
        }
        if (!publishes.add(pending)) {
            pending.ack.completeExceptionally(
                    new HeraldErrorException(
                            ErrorCode.OVERLOADED,
                            config.maxPendingPublishes()
                                    + " publishes already queued or awaiting their ack"
                                    + " (maxPendingPublishes): wait for acks before publishing"
                                    + " more",
                            false));
            return;
        }
        pending.timeout =
                loop.schedule(
                        () -> publishTimedOut(pending.id()), config.publishTimeout().toMillis());
        sendPublishes();
    }

    /** A fresh publish id; callable from any thread. */
    String newPublishId() {
        return ids.next("p");
    }

    void ping(CompletableFuture<Duration> pong) {
        if (connection == null) {
            pong.completeExceptionally(new HeraldException("not connected (state " + state + ")"));
            return;
        }
        String id = ids.next("i");
        pings.add(id, pong, loop.nowMillis());
        send(new ClientFrame.Ping(id));
    }

    void close() {
        if (state == ConnectionState.CLOSED) {
            return;
        }
        cancelTimers();
        if (connection != null) {
            connection.close(CloseCode.NORMAL.code(), "client closed");
            connection = null;
        }
        generation++;
        HeraldException closed = new HeraldException("client closed");
        publishes.removeAll().forEach(p -> p.ack.completeExceptionally(closed));
        pings.failAll(closed);
        subjects.all().forEach(e -> e.firstSubscribed.completeExceptionally(closed));
        setState(ConnectionState.CLOSED);
        events.shutdown();
        loop.shutdown();
    }

    ConnectionState state() {
        return state;
    }

    // ---- connection lifecycle ----

    private void connect() {
        cancelTimers();
        long gen = ++generation;
        edge = reconnect.nextEdge();
        setState(ConnectionState.CONNECTING);
        stats.connectAttempts.incrementAndGet();
        LOG.debug("event=connecting edge={}", edge);
        transport.connect(
                edge,
                config.connectTimeout(),
                new Transport.Listener() {
                    @Override
                    public void onOpen(Transport.Connection c) {
                        if (!post(() -> opened(gen, c))) {
                            c.abort();
                        }
                    }

                    @Override
                    public void onText(String frame) {
                        post(() -> received(gen, frame));
                    }

                    @Override
                    public void onClosed(int code, String reason) {
                        post(() -> closed(gen, code, reason));
                    }
                });
    }

    private void opened(long gen, Transport.Connection c) {
        if (gen != generation || state == ConnectionState.CLOSED) {
            c.abort();
            return;
        }
        connection = c;
        long now = loop.nowMillis();
        reconnect.connected(now);
        pacer.connected(now);
        heartbeat.reset(now);
        stats.connects.incrementAndGet();
        LOG.info("event=connected edge={} subjects={}", edge, subjects.all().size());
        setState(ConnectionState.CONNECTED);
        if (config.token() != null && !sendToken()) {
            return;
        }
        subjects.all().forEach(this::sendSubscribe);
        sendPublishes();
        c.request(DEMAND_WINDOW);
        if (heartbeat.enabled()) {
            scheduleHeartbeat(heartbeat.nextCheckMillis());
        }
    }

    /** Sends the {@code auth} frame; false (connection dropped) when the supplier fails. */
    private boolean sendToken() {
        try {
            send(new ClientFrame.Auth(config.token().get()));
            return true;
        } catch (RuntimeException e) {
            LOG.warn("event=token_supplier_failed error={}", e.toString());
            HeraldException error = new HeraldException("token supplier failed", e);
            events.dispatch(() -> listener.onError(error));
            abortConnection("token supplier failed");
            return false;
        }
    }

    private void closed(long gen, int code, String reason) {
        if (gen == generation && state != ConnectionState.CLOSED) {
            connectionLost(code, reason);
        }
    }

    private void connectionLost(int code, String reason) {
        connection = null;
        generation++;
        cancelTimers();
        owedDemand = 0;
        subjects.connectionLost();
        HeraldException lost =
                new HeraldException(
                        String.format("connection to %s lost (%d %s)", edge, code, reason));
        int resends = publishes.unsendAll();
        pings.failAll(lost);
        long delay = reconnect.delayAfterClose(code, loop.nowMillis());
        if (delay == ReconnectPolicy.STOP) {
            authFailed(reason);
            return;
        }
        LOG.info(
                "event=disconnected edge={} code={} reason={} reconnect_in_ms={}"
                        + " publishes_to_resend={}",
                edge,
                code,
                reason,
                delay,
                resends);
        setState(ConnectionState.RECONNECTING);
        reconnectTimer = loop.schedule(this::connect, delay);
    }

    private void authFailed(String reason) {
        LOG.warn("event=auth_failed edge={} reason={}", edge, reason);
        HeraldErrorException error =
                new HeraldErrorException(ErrorCode.UNAUTHENTICATED, reason, true);
        publishes.removeAll().forEach(p -> p.ack.completeExceptionally(error));
        subjects.all().forEach(e -> e.firstSubscribed.completeExceptionally(error));
        setState(ConnectionState.AUTH_FAILED);
        events.dispatch(() -> listener.onError(error));
    }

    private void abortConnection(String reason) {
        Transport.Connection c = connection;
        if (c != null) {
            c.abort();
            connectionLost(JdkWebSocketTransport.ABNORMAL, reason);
        }
    }

    // ---- inbound ----

    private void received(long gen, String text) {
        if (gen != generation || connection == null) {
            return;
        }
        heartbeat.frameReceived(loop.nowMillis());
        try {
            EdgeFrame frame = codec.decodeEdgeFrame(text);
            if (frame instanceof EdgeFrame.Welcome w) {
                pacer.welcome(w, loop.nowMillis());
                LOG.debug("event=welcome edge={} limits={}", edge, w.limits());
            } else {
                inbound.handle(frame, edge);
            }
        } catch (UnknownFrameTypeException e) {
            LOG.debug("event=unknown_frame_ignored type={}", e.type());
        } catch (FrameDecodeException e) {
            LOG.warn("event=bad_frame edge={} error={}", edge, e.getMessage());
            HeraldException error =
                    new HeraldException("undecodable frame from " + edge + ": " + e.getMessage());
            events.dispatch(() -> listener.onError(error));
        }
        if (connection == null) {
            return;
        }
        sendPublishes();
        if (events.isFull()) {
            owedDemand++;
        } else {
            connection.request(1);
        }
    }

    private void resumeReading() {
        if (owedDemand > 0 && connection != null && !events.isFull()) {
            connection.request(owedDemand);
            owedDemand = 0;
        }
    }

    private void publishTimedOut(String id) {
        PendingPublishes.Pending pending = publishes.remove(id);
        if (pending != null) {
            pending.ack.completeExceptionally(
                    new HeraldErrorException(
                            ErrorCode.PUBLISH_TIMEOUT,
                            "no ack within " + config.publishTimeout().toMillis() + " ms",
                            false));
        }
    }

    // ---- heartbeat ----

    private void scheduleHeartbeat(long delayMillis) {
        long gen = generation;
        heartbeatTimer = loop.schedule(() -> heartbeat(gen), delayMillis);
    }

    private void heartbeat(long gen) {
        if (gen != generation || connection == null) {
            return;
        }
        long now = loop.nowMillis();
        switch (heartbeat.check(now)) {
            case TIMEOUT -> {
                LOG.warn(
                        "event=heartbeat_timeout edge={} silent_ms={}",
                        edge,
                        heartbeat.silentMillis(now));
                abortConnection(
                        "no frame within "
                                + config.heartbeatTimeout().toMillis()
                                + " ms of a ping");
            }
            case PING -> {
                send(new ClientFrame.Ping(ids.next("h")));
                scheduleHeartbeat(heartbeat.nextCheckMillis());
            }
            case WAIT -> scheduleHeartbeat(heartbeat.nextCheckMillis());
        }
    }

    // ---- helpers ----

    private void sendSubscribe(SubjectTracker.Entry entry) {
        String id = ids.next("s");
        subjects.sent(entry, id);
        send(new ClientFrame.Subscribe(id, List.of(entry.resumeRequest())));
    }

    /**
     * Sends queued publishes while the edge's limits allow: as many per frame as fit (one alone is
     * sent as {@code publish}), no more in flight than the edge allows, frames paced below its rate
     * (a timer resumes when the pace holds them back; an ack, when the window is full).
     */
    private void sendPublishes() {
        while (connection != null && publishTimer == null && publishes.hasUnsent()) {
            int room = pacer.room(publishes.inFlight());
            if (room == 0) {
                return;
            }
            long wait = pacer.reserveFrame(loop.nowMillis());
            if (wait > 0) {
                long gen = generation;
                publishTimer =
                        loop.schedule(
                                () -> {
                                    publishTimer = null;
                                    if (gen == generation) {
                                        sendPublishes();
                                    }
                                },
                                wait);
                return;
            }
            List<PendingPublishes.Pending> batch =
                    publishes.takeUnsent(room, pacer.maxFrameBytes() - BATCH_ENVELOPE_BYTES);
            if (batch.size() == 1) {
                connection.send(batch.get(0).json);
            } else {
                List<ClientFrame.Publish> frames = batch.stream().map(p -> p.frame).toList();
                send(new ClientFrame.PublishBatch(ids.next("b"), frames));
            }
        }
    }

    private void send(ClientFrame frame) {
        connection.send(codec.encodeClientFrame(frame));
    }

    private void setState(ConnectionState next) {
        state = next;
        stats.state = next;
        URI at = next == ConnectionState.CLOSED ? null : edge;
        events.dispatch(() -> listener.onStateChange(next, at));
    }

    private void cancelTimers() {
        if (reconnectTimer != null) {
            reconnectTimer.cancel();
            reconnectTimer = null;
        }
        if (heartbeatTimer != null) {
            heartbeatTimer.cancel();
            heartbeatTimer = null;
        }
        if (publishTimer != null) {
            publishTimer.cancel();
            publishTimer = null;
        }
    }

    /** Posts a task to the loop; false when the client is closed and the loop gone. */
    private boolean post(Runnable task) {
        try {
            loop.execute(task);
            return true;
        } catch (RejectedExecutionException e) {
            return false;
        }
    }
}
