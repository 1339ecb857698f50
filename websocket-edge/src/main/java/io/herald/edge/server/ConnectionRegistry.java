package io.herald.edge.server;

import io.herald.edge.session.Connection;
import io.netty.channel.Channel;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * The open WebSocket connections of an edge (zuul's connection registry): for the connections
 * gauge, the outbound-bytes gauge, the graceful shutdown and a failure. A connection leaves it when
 * its channel goes inactive (the channel's last handler calls {@link #remove}); a map rather than a
 * Netty channel group with a channel attribute, which held 72 more bytes per idle connection (the
 * attribute and a second close listener). Once {@link #closeAll} was called, a connection whose
 * handshake completes later is closed the same way as soon as it is added.
 */
public final class ConnectionRegistry {
    private record Closing(int code, String reason) {}

    private final ConcurrentMap<Channel, Connection> connections = new ConcurrentHashMap<>();
    private volatile Closing closing;

    /** Adds a connection whose handshake completed; on the channel's event loop. */
    void add(Channel channel, Connection connection) {
        connections.put(channel, connection);
        if (!channel.isActive()) {
            // Closed already: its inactive event may have passed the handler before it had this
            // connection to remove.
            connections.remove(channel);
            return;
        }
        Closing c = closing;
        if (c != null) {
            connection.closeWith(c.code(), c.reason());
        }
    }

    /** The channel of a connection went inactive; on its event loop, idempotent. */
    void remove(Channel channel) {
        connections.remove(channel);
    }

    public int size() {
        return connections.size();
    }

    /** Bytes queued to clients over all connections (approximate: read off the loops). */
    public long pendingBytes() {
        long total = 0;
        for (Connection c : connections.values()) {
            total += c.pendingBytes();
        }
        return total;
    }

    /** Asks every connection, on its own loop, to close with {@code code}; later ones too. */
    public void closeAll(int code, String reason) {
        closing = new Closing(code, reason);
        connections.forEach((ch, c) -> ch.eventLoop().execute(() -> c.closeWith(code, reason)));
    }
}
