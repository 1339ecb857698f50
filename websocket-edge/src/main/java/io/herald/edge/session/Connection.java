package io.herald.edge.session;

import io.herald.edge.auth.Principal;
import io.herald.edge.fanout.LiveMessage;
import io.herald.edge.fanout.Subscriber;
import io.herald.edge.fanout.Subscription;
import io.herald.edge.log.LogSafe;
import io.herald.edge.publish.PendingPublish;
import io.herald.edge.publish.PublishOwner;
import io.herald.edge.recovery.SequenceGapException;
import io.herald.wire.Position;
import io.herald.wire.frame.ClientFrame;
import io.herald.wire.frame.CloseCode;
import io.herald.wire.frame.EdgeFrame;
import io.herald.wire.frame.ErrorCode;
import io.herald.wire.frame.FrameDecodeException;
import io.herald.wire.frame.StrictUtf8;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.Channel;
import io.netty.channel.EventLoop;
import io.netty.handler.codec.http.websocketx.WebSocketCloseStatus;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One WebSocket connection: it reads the client's requests and dispatches them to small helpers,
 * each of which gets only what it uses: {@link ConnectionAuth} (who the client is), {@link
 * Subscriptions} (what it subscribes to, with replay), {@link PublishTracker} (its pending
 * publishes), and {@link OutboundChannel}, the one way to the client (the helpers see it as {@link
 * Outbound}). Every method runs on the connection's event loop (Netty calls the handler there, the
 * hub posts batches there), so no field needs synchronization. Each inbound frame, fan-out batch or
 * acknowledgement ends with one flush.
 */
public final class Connection implements Subscriber, PublishOwner {
    private static final Logger LOG = LoggerFactory.getLogger(Connection.class);
    private static final AtomicLong IDS = new AtomicLong();

    private final EdgeServices services;
    private final EventLoop loop;
    private final int loopIndex;
    private final long id = IDS.incrementAndGet();
    private final OutboundChannel out;
    private final Subscriptions subscriptions;
    private final ConnectionAuth auth;

    // Both made at the first publish: most connections only subscribe.
    private PublishTracker publishes;
    private PublishSubjectWindow publishSubjects;
    private boolean written;
    private int silentPings;

    public Connection(EdgeServices services, Channel channel) {
        ConnectionLimits limits = services.limits();
        this.services = services;
        this.loop = channel.eventLoop();
        this.loopIndex = services.hub().loopIndex(loop);
        this.out =
                new OutboundChannel(
                        channel,
                        id,
                        services.codec(),
                        services.metrics(),
                        limits.outboundBufferBytes());
        this.subscriptions =
                new Subscriptions(
                        services.hub(),
                        this,
                        loop,
                        out,
                        out,
                        limits.maxSubjects(),
                        services.metrics(),
                        services.deepRecoveries(),
                        services.ticker());
        this.auth = new ConnectionAuth(services.authenticator(), out, loop, limits.authTimeout());
    }

    /** The handshake is done; {@code queryToken} is the {@code ?token=} value, or null. */
    public void opened(String queryToken) {
        services.metrics().connectionOpened();
        out.send(new EdgeFrame.Welcome(services.limits().toEdgeLimits()));
        if (auth.enabled() && queryToken != null) {
            auth.authenticate(queryToken);
        }
        out.flush();
    }

    /**
     * A text frame arrived (the aggregator joined fragments; Netty checked its size). Text that is
     * not UTF-8 closes the connection with 1007, as RFC 6455 asks; it is checked here, in the one
     * pass that also decodes it, rather than byte by byte in Netty's decoder, which cost more than
     * the rest of a publish on the event loop.
     */
    public void onText(ByteBuf content) {
        silentPings = 0;
        services.metrics().frameIn();
        if (out.isClosing()) {
            return;
        }
        byte[] bytes = ByteBufUtil.getBytes(content);
        String text = StrictUtf8.decode(bytes, 0, bytes.length).orElse(null);
        if (text == null) {
            out.close(WebSocketCloseStatus.INVALID_PAYLOAD_DATA.code(), "invalid UTF-8");
            return;
        }
        ClientFrame frame;
        try {
            frame = services.codec().decodeClientFrame(text);
        } catch (FrameDecodeException e) {
            out.send(e.toErrorFrame());
            out.flush();
            return;
        }
        handle(frame);
        out.flush();
    }

    /** A binary frame arrived: the protocol is JSON text only. */
    public void onBinary() {
        silentPings = 0;
        services.metrics().frameIn();
        if (out.isClosing()) {
            return;
        }
        if (auth.principal() == null) {
            auth.refuseUnauthenticated(null);
            return;
        }
        out.sendError(
                null, ErrorCode.BAD_REQUEST, "binary frames are not supported: send JSON text");
        out.flush();
    }

    /** The peer sent nothing for a ping interval: ping it, or close it when silent too long. */
    public void onReaderIdle(boolean first) {
        silentPings = first ? 1 : silentPings + 1;
        long silentMs = silentPings * services.limits().pingInterval().toMillis();
        if (silentMs >= services.limits().idleTimeout().toMillis()) {
            out.close(CloseCode.NORMAL.code(), "idle timeout");
            return;
        }
        out.ping();
    }

    /** The channel closed: release everything this connection holds in shared structures. */
    public void closed() {
        out.channelClosed();
        subscriptions.releaseAll();
        if (publishes != null) {
            publishes.abandonAll();
        }
        auth.release();
        services.metrics().connectionClosed();
    }

    /** Sends a close frame with {@code code} (e.g. 1001 at shutdown) and closes; idempotent. */
    public void closeWith(int code, String reason) {
        out.close(code, reason);
    }

    /** The client sent more frames than the rate allows (every frame counts): close 4029. */
    public void onTooManyRequests() {
        out.close(CloseCode.TOO_MANY_REQUESTS.code(), "too many requests");
    }

    /** The outbound buffer stayed over its limit while reading was stopped: close 4008. */
    public void onOutboundOverflow() {
        out.slowConsumer();
    }

    /** Bytes pending on this connection (metrics). Any thread; approximate. */
    public long pendingBytes() {
        return out.pendingBytes();
    }

    private void handle(ClientFrame frame) {
        Principal principal = auth.principal();
        if (principal == null && !(frame instanceof ClientFrame.Auth)) {
            auth.refuseUnauthenticated(requestId(frame));
            return;
        }
        if (frame instanceof ClientFrame.Subscribe s) {
            subscriptions.subscribe(s, principal);
        } else if (frame instanceof ClientFrame.Unsubscribe u) {
            subscriptions.unsubscribe(u);
        } else if (frame instanceof ClientFrame.Publish p) {
            publish(p, principal);
        } else if (frame instanceof ClientFrame.PublishBatch b) {
            publishBatch(b, principal);
        } else if (frame instanceof ClientFrame.Ping p) {
            out.send(new EdgeFrame.Pong(p.id()));
        } else if (frame instanceof ClientFrame.Auth a) {
            if (auth.enabled() && auth.authenticate(a.token())) {
                subscriptions.recheck(auth.principal());
            }
        }
    }

    /**
     * Each message of a batch as if it came alone, in order (so a batch over the pending bound is
     * answered OVERLOADED for its tail); refused items get their own error.
     */
    private void publishBatch(ClientFrame.PublishBatch b, Principal principal) {
        for (ClientFrame.Refused r : b.refused()) {
            out.send(r.toErrorFrame());
        }
        for (ClientFrame.Publish p : b.messages()) {
            if (out.isClosing()) {
                return;
            }
            publish(p, principal);
        }
    }

    private void publish(ClientFrame.Publish p, Principal principal) {
        if (publishes == null) {
            ConnectionLimits limits = services.limits();
            publishes =
                    new PublishTracker(
                            this,
                            services.publishRegistry(),
                            services.publishQueue(),
                            limits.maxPendingPublishes(),
                            limits.publishTimeout());
            publishSubjects =
                    new PublishSubjectWindow(
                            limits.maxPublishSubjectsPerMinute(), services.ticker().nanoTime());
        }
        if (!services.isPublishable(p.subject().topic())) {
            out.sendError(
                    p.id(),
                    ErrorCode.FORBIDDEN,
                    "topic '" + p.subject().topic() + "' is not publishable on this edge");
            return;
        }
        if (!principal.mayPublish(p.subject())) {
            out.sendError(p.id(), ErrorCode.FORBIDDEN, "not entitled to publish to " + p.subject());
            return;
        }
        if (!publishSubjects.admit(p.subject(), services.ticker().nanoTime())) {
            out.sendError(
                    p.id(),
                    ErrorCode.TOO_MANY_SUBJECTS,
                    "more than "
                            + publishSubjects.limit()
                            + " subjects published to within a minute");
            return;
        }
        PublishTracker.Verdict verdict =
                publishes.submit(
                        p,
                        principal.subject(),
                        () -> {
                            services.metrics().publishTimeout();
                            out.sendError(
                                    p.id(),
                                    ErrorCode.PUBLISH_TIMEOUT,
                                    "not sequenced within " + services.limits().publishTimeout());
                            out.flush();
                        });
        switch (verdict) {
            case SENT:
                services.metrics().publishRequest();
                publishes.clearStrikes();
                break;
            case ALREADY_ACKED:
                out.send(new EdgeFrame.Published(p.id(), p.subject(), publishes.recentAck(p.id())));
                break;
            case ID_REUSED:
                out.sendError(
                        p.id(),
                        ErrorCode.BAD_REQUEST,
                        "id already used for another publish (subject or content differ)");
                break;
            case OVERLOADED:
                out.sendError(p.id(), ErrorCode.OVERLOADED, "too many pending publishes");
                if (publishes.overloadStrike()) {
                    out.close(CloseCode.TOO_MANY_REQUESTS.code(), "too many pending publishes");
                }
                break;
            default:
                // ALREADY_PENDING: the one acknowledgement answers both.
        }
    }

    // ---- fan-out (Subscriber) ----

    @Override
    public boolean deliver(Subscription s, LiveMessage m) {
        if (out.isClosing()) {
            return false;
        }
        if (services.faults().dropNext()) {
            // TEST ONLY: lose the frame after the cursor took it, as a lost write would.
            services.metrics().faultDrop();
            return false;
        }
        return out.writeLive(m.frame());
    }

    @Override
    public void deliveryGap(Subscription s, SequenceGapException gap) {
        if (out.isClosing()) {
            return;
        }
        services.metrics().deliveryGapDisconnect();
        LOG.error(
                "delivery gap, closing so the client resumes connection={} subject={} last={}"
                        + " next={}",
                id,
                LogSafe.text(s.subject()),
                gap.last(),
                gap.next());
        out.close(CloseCode.INTERNAL_ERROR.code(), "sequence gap: resume");
    }

    @Override
    public boolean markWritten() {
        if (written) {
            return false;
        }
        written = true;
        return true;
    }

    @Override
    public void flushBatch() {
        written = false;
        out.flush();
    }

    // ---- publish acknowledgements (PublishOwner) ----

    @Override
    public EventLoop loop() {
        return loop;
    }

    @Override
    public int loopIndex() {
        return loopIndex;
    }

    @Override
    public void onPublished(PendingPublish p, Position position) {
        if (publishes.acknowledged(p, position) && !out.isClosing()) {
            services.metrics().publishAck();
            out.send(new EdgeFrame.Published(p.id(), p.subject(), position));
            out.flush();
        }
    }

    @Override
    public void onPublishFailed(PendingPublish p, Exception cause) {
        if (publishes.failed(p) && !out.isClosing()) {
            services.metrics().publishFailure();
            out.sendError(
                    p.id(),
                    ErrorCode.PUBLISH_FAILED,
                    "Kafka refused the write: " + cause.getClass().getSimpleName());
            out.flush();
        }
    }

    private static String requestId(ClientFrame f) {
        if (f instanceof ClientFrame.Subscribe s) {
            return s.id();
        } else if (f instanceof ClientFrame.Unsubscribe u) {
            return u.id();
        } else if (f instanceof ClientFrame.Publish p) {
            return p.id();
        } else if (f instanceof ClientFrame.PublishBatch b) {
            return b.id();
        } else if (f instanceof ClientFrame.Ping p) {
            return p.id();
        }
        return null;
    }
}
