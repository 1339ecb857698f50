package io.herald.edge.server;

import io.herald.edge.session.Connection;
import io.netty.channel.Channel;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.util.AttributeKey;
import io.netty.util.concurrent.GlobalEventExecutor;

/**
 * The open WebSocket connections of an edge (zuul's connection registry): for the connections
 * gauge, the outbound-bytes gauge, the graceful shutdown and a failure. Channels leave it when they
 * close. Once {@link #closeAll} was called, a connection whose handshake completes later is closed
 * the same way as soon as it is added.
 */
public final class ConnectionRegistry {
    static final AttributeKey<Connection> CONNECTION = AttributeKey.valueOf("herald.connection");

    private record Closing(int code, String reason) {}

    private final ChannelGroup channels = new DefaultChannelGroup(GlobalEventExecutor.INSTANCE);
    private volatile Closing closing;

    /** Adds a connection whose handshake completed; on the channel's event loop. */
    void add(Channel channel, Connection connection) {
        channel.attr(CONNECTION).set(connection);
        channels.add(channel);
        Closing c = closing;
        if (c != null) {
            connection.closeWith(c.code(), c.reason());
        }
    }

    public int size() {
        return channels.size();
    }

    /** Bytes queued to clients over all connections (approximate: read off the loops). */
    public long pendingBytes() {
        long total = 0;
        for (Channel ch : channels) {
            Connection c = ch.attr(CONNECTION).get();
            if (c != null) {
                total += c.pendingBytes();
            }
        }
        return total;
    }

    /** Asks every connection, on its own loop, to close with {@code code}; later ones too. */
    public void closeAll(int code, String reason) {
        closing = new Closing(code, reason);
        for (Channel ch : channels) {
            Connection c = ch.attr(CONNECTION).get();
            if (c != null) {
                ch.eventLoop().execute(() -> c.closeWith(code, reason));
            }
        }
    }
}
