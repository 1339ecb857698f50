package io.herald.failover.net;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.util.ArrayDeque;

/**
 * One direction of a proxied connection: bytes read from {@code from} are held until they are due
 * (the read time plus the latency at that moment), then written to {@code to} in order. Used by the
 * proxy's selector thread only.
 */
final class Direction {

    private static final int READ_CHUNK = 64 * 1024;

    private record Chunk(long due, ByteBuffer data) {}

    private final SocketChannel from;
    private final SocketChannel to;
    private final ArrayDeque<Chunk> queue = new ArrayDeque<>();
    private long queuedBytes;
    private boolean endOfStream;
    private boolean blocked;

    Direction(SocketChannel from, SocketChannel to) {
        this.from = from;
        this.to = to;
    }

    /** Reads what {@code from} has, to be forwarded at {@code due} ({@link System#nanoTime()}). */
    void read(long due) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(READ_CHUNK);
        int n = from.read(buffer);
        if (n < 0) {
            endOfStream = true;
        } else if (n > 0) {
            buffer.flip();
            queue.add(new Chunk(due, buffer));
            queuedBytes += n;
        }
    }

    /** Writes every chunk due by {@code now}, until the socket takes no more. */
    void write(long now) throws IOException {
        blocked = false;
        while (!queue.isEmpty() && queue.peek().due() <= now) {
            ByteBuffer data = queue.peek().data();
            queuedBytes -= to.write(data);
            if (data.hasRemaining()) {
                blocked = true;
                return;
            }
            queue.poll();
        }
    }

    /** Whether to read more from {@code from}: not at its end, and not too much held already. */
    boolean canRead() {
        return !endOfStream && queuedBytes < FaultProxy.MAX_QUEUED_BYTES;
    }

    /** Whether the last write stopped on a full socket (so wait until {@code to} is writable). */
    boolean waitsToWrite() {
        return blocked;
    }

    /** When the next chunk is due; {@link Long#MAX_VALUE} when none is, or the socket is full. */
    long earliestDue() {
        return queue.isEmpty() || blocked ? Long.MAX_VALUE : queue.peek().due();
    }

    /** {@code from} has ended and everything it sent is forwarded: the connection can close. */
    boolean drainedAfterEndOfStream() {
        return endOfStream && queue.isEmpty();
    }
}
