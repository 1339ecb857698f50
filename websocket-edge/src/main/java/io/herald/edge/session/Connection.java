package io.herald.edge.session;

import io.herald.edge.auth.Principal;
import io.herald.edge.fanout.Hub;
import io.herald.edge.fanout.LiveMessage;
import io.herald.edge.fanout.Subscriber;
import io.herald.edge.fanout.Subscription;
import io.herald.edge.publish.PendingPublish;
import io.herald.edge.publish.PublishOwner;
import io.herald.edge.recovery.SequenceGapException;
import io.herald.wire.Position;
import io.herald.wire.frame.ClientFrame;
import io.herald.wire.frame.CloseCode;
import io.herald.wire.frame.EdgeFrame;
import io.herald.wire.frame.ErrorCode;
import io.herald.wire.frame.FrameDecodeException;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelOutboundBuffer;
import io.netty.channel.EventLoop;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PingWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One WebSocket connection's state and behaviour: authentication, requests, delivery, limits,
 * closing. Every method runs on the connection's event loop (Netty calls the handler there, the hub
 * posts batches there), so no field needs synchronization.
 *
 * <p>Outbound memory is bounded: live messages are written only while the channel's pending bytes
 * (less the replay still in flight, which the cache bounds) stay under the configured limit. A
 * batch is flushed once at its end, or early when it fills the buffer; if the buffer is still over
 * the limit after that flush, the socket is not draining: the connection is closed with 4008 and
 * receives nothing more.
 */
public final class Connection implements Subscriber, PublishOwner {
    private static final Logger LOG = LoggerFactory.getLogger(Connection.class);
    private static final AtomicLong IDS = new AtomicLong();

    /** How long a close frame may take to go out before the TCP connection is dropped. */
    static final long CLOSE_GRACE_MS = 5_000;

    /** Close code for a delivery that would skip positions: the client must resume elsewhere. */
    static final int INTERNAL_ERROR = 1011;

    private final EdgeServices services;
    private final Channel channel;
    private final EventLoop loop;
    private final int loopIndex;
    private final long id = IDS.incrementAndGet();
    private final Subscriptions subscriptions;
    private final PublishTracker publishes;
    private final RateLimiter rate;
    private final ConnectionAuth auth;
    private boolean written;
    private boolean closing;
    private boolean closeFrameSent;
    private long replayBytesInFlight;
    private int silentPings;

    public Connection(EdgeServices services, Channel channel) {
        this.services = services;
        this.channel = channel;
        this.loop = channel.eventLoop();
        this.loopIndex = services.hub().loopIndex(loop);
        this.subscriptions = new Subscriptions(services, this);
        this.publishes = new PublishTracker(services, this, id);
        this.auth = new ConnectionAuth(this, services.authenticator());
        this.rate = new RateLimiter(services.limits().maxRequestsPerSecond(), System.nanoTime());
    }

    /** The handshake is done; {@code queryToken} is the {@code ?token=} value, or null. */
    public void opened(String queryToken) {
        services.metrics().connectionOpened();
        if (auth.enabled() && queryToken != null) {
            auth.authenticate(queryToken);
        }
        channel.flush();
    }

    /** A text frame arrived (the aggregator joined fragments; Netty checked UTF-8 and size). */
    public void onText(ByteBuf content) {
        silentPings = 0;
        services.metrics().frameIn();
        if (closing) {
            return;
        }
        if (!rate.tryAcquire(System.nanoTime())) {
            closeWith(CloseCode.TOO_MANY_REQUESTS.code(), "too many requests");
            return;
        }
        ClientFrame frame;
        try {
            byte[] bytes = ByteBufUtil.getBytes(content);
            frame = services.codec().decodeClientFrame(bytes, 0, bytes.length);
        } catch (FrameDecodeException e) {
            send(e.toErrorFrame());
            channel.flush();
            return;
        }
        handle(frame);
        channel.flush();
    }

    /** A binary frame arrived: the protocol is JSON text only. */
    public void onBinary() {
        silentPings = 0;
        services.metrics().frameIn();
        sendError(null, ErrorCode.BAD_REQUEST, "binary frames are not supported: send JSON text");
        channel.flush();
    }

    /** The peer sent nothing for a ping interval: ping it, or close it when silent too long. */
    public void onReaderIdle(boolean first) {
        silentPings = first ? 1 : silentPings + 1;
        long silentMs = silentPings * services.limits().pingInterval().toMillis();
        if (silentMs >= services.limits().idleTimeout().toMillis()) {
            closeWith(CloseCode.NORMAL.code(), "idle timeout");
            return;
        }
        channel.writeAndFlush(new PingWebSocketFrame(), channel.voidPromise());
    }

    /** The channel closed: release everything this connection holds in shared structures. */
    public void closed() {
        closing = true;
        release();
        services.metrics().connectionClosed();
    }

    /** Sends a close frame with {@code code} (e.g. 1001 at shutdown) and closes; idempotent. */
    public void closeWith(int code, String reason) {
        if (closeFrameSent) {
            return;
        }
        closeFrameSent = true;
        closing = true;
        release();
        services.metrics().closeSent(code);
        channel.writeAndFlush(new CloseWebSocketFrame(code, reason));
        loop.schedule(() -> channel.close(), CLOSE_GRACE_MS, TimeUnit.MILLISECONDS);
    }

    private void handle(ClientFrame frame) {
        Principal principal = auth.principal();
        if (principal == null && !(frame instanceof ClientFrame.Auth)) {
            sendError(requestId(frame), ErrorCode.UNAUTHENTICATED, "authenticate first");
            closeWith(CloseCode.UNAUTHENTICATED.code(), "unauthenticated");
            return;
        }
        if (frame instanceof ClientFrame.Subscribe s) {
            subscriptions.subscribe(s, principal);
        } else if (frame instanceof ClientFrame.Unsubscribe u) {
            subscriptions.unsubscribe(u);
        } else if (frame instanceof ClientFrame.Publish p) {
            publish(p, principal);
        } else if (frame instanceof ClientFrame.Ping p) {
            send(new EdgeFrame.Pong(p.id()));
        } else if (frame instanceof ClientFrame.Auth a) {
            if (auth.enabled()) {
                auth.authenticate(a.token());
            }
        }
    }

    private void publish(ClientFrame.Publish p, Principal principal) {
        if (!services.isPublishable(p.subject().topic())) {
            sendError(
                    p.id(),
                    ErrorCode.FORBIDDEN,
                    "topic '" + p.subject().topic() + "' is not publishable on this edge");
            return;
        }
        if (!principal.mayPublish(p.subject())) {
            sendError(p.id(), ErrorCode.FORBIDDEN, "not entitled to publish to " + p.subject());
            return;
        }
        PublishTracker.Verdict verdict =
                publishes.submit(
                        p,
                        principal.subject(),
                        () -> {
                            services.metrics().publishTimeout();
                            sendError(
                                    p.id(),
                                    ErrorCode.PUBLISH_TIMEOUT,
                                    "not sequenced within " + services.limits().publishTimeout());
                            channel.flush();
                        });
        switch (verdict) {
            case SENT:
                services.metrics().publishRequest();
                publishes.clearStrikes();
                break;
            case ALREADY_ACKED:
                Position at = publishes.recentAck(p.id());
                send(new EdgeFrame.Published(p.id(), p.subject(), at));
                break;
            case OVERLOADED:
                sendError(p.id(), ErrorCode.OVERLOADED, "too many pending publishes");
                if (publishes.overloadStrike()) {
                    closeWith(CloseCode.TOO_MANY_REQUESTS.code(), "too many pending publishes");
                }
                break;
            default:
                // ALREADY_PENDING: the one acknowledgement answers both.
        }
    }

    // ---- fan-out (Subscriber) ----

    @Override
    public boolean deliver(Subscription s, LiveMessage m) {
        if (closing) {
            return false;
        }
        if (!channel.isWritable()) {
            // This batch alone filled the buffer: hand what the socket takes now, then judge.
            channel.flush();
            if (!channel.isWritable() && liveBacklog() > services.limits().outboundBufferBytes()) {
                slowConsumer();
                return false;
            }
        }
        boolean fresh;
        try {
            fresh = s.cursor().advance(m.position());
        } catch (SequenceGapException e) {
            gap(s, e);
            return false;
        }
        if (!fresh) {
            return false;
        }
        if (services.faults().dropNext()) {
            services.metrics().faultDrop();
            return false;
        }
        channel.write(m.frame().retainedDuplicate(), channel.voidPromise());
        return true;
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
        channel.flush();
    }

    /** Writes one replayed message frame, counted as replay until it leaves the buffer. */
    void writeReplay(ByteBuf frame) {
        int size = frame.readableBytes();
        replayBytesInFlight += size;
        channel.write(frame).addListener(f -> replayBytesInFlight -= size);
    }

    /**
     * Replay bytes this connection may still queue: 16 times the outbound limit, less in flight.
     */
    long replayBudget() {
        return 16L * services.limits().outboundBufferBytes() - replayBytesInFlight;
    }

    /** Live bytes queued: everything pending minus replay in flight. */
    long liveBacklog() {
        ChannelOutboundBuffer out = channel.unsafe().outboundBuffer();
        return out == null ? 0 : out.totalPendingWriteBytes() - replayBytesInFlight;
    }

    /** Bytes pending on this connection (metrics). Any thread; approximate. */
    public long pendingBytes() {
        ChannelOutboundBuffer out = channel.unsafe().outboundBuffer();
        return out == null ? 0 : out.totalPendingWriteBytes();
    }

    private void slowConsumer() {
        closing = true;
        services.metrics().slowConsumerDisconnect();
        LOG.info(
                "slow consumer disconnected connection={} remote={} pendingBytes={}",
                id,
                channel.remoteAddress(),
                pendingBytes());
        // Never unsubscribe inside deliver: the hub is iterating this loop's subscriptions.
        loop.execute(() -> closeWith(CloseCode.SLOW_CONSUMER.code(), "slow consumer"));
    }

    private void gap(Subscription s, SequenceGapException e) {
        closing = true;
        services.metrics().deliveryGapDisconnect();
        LOG.error(
                "delivery gap, closing so the client resumes connection={} subject={} last={}"
                        + " next={}",
                id,
                s.subject(),
                e.last(),
                e.next());
        loop.execute(() -> closeWith(INTERNAL_ERROR, "sequence gap: resume"));
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
        if (publishes.acknowledged(p, position) && !closing) {
            services.metrics().publishAck();
            channel.writeAndFlush(
                    frame(new EdgeFrame.Published(p.clientId(), p.subject(), position)));
        }
    }

    @Override
    public void onPublishFailed(PendingPublish p, Exception cause) {
        if (publishes.failed(p) && !closing) {
            services.metrics().publishFailure();
            sendError(
                    p.clientId(),
                    ErrorCode.PUBLISH_FAILED,
                    "Kafka refused the write: " + cause.getClass().getSimpleName());
            channel.flush();
        }
    }

    // ---- helpers ----

    Hub hub() {
        return services.hub();
    }

    Channel channel() {
        return channel;
    }

    void send(EdgeFrame f) {
        channel.write(frame(f), channel.voidPromise());
    }

    void sendError(String requestId, ErrorCode code, String message) {
        services.metrics().errorSent(code);
        send(new EdgeFrame.ErrorFrame(requestId, code, message));
    }

    private TextWebSocketFrame frame(EdgeFrame f) {
        return new TextWebSocketFrame(Unpooled.wrappedBuffer(services.codec().encodeEdgeFrame(f)));
    }

    private void release() {
        subscriptions.releaseAll();
        publishes.abandonAll();
        auth.release();
    }

    private static String requestId(ClientFrame f) {
        if (f instanceof ClientFrame.Subscribe s) {
            return s.id();
        } else if (f instanceof ClientFrame.Unsubscribe u) {
            return u.id();
        } else if (f instanceof ClientFrame.Publish p) {
            return p.id();
        } else if (f instanceof ClientFrame.Ping p) {
            return p.id();
        }
        return null;
    }
}
