package io.herald.bench.jmh;

import io.herald.edge.fanout.MessageFrames;
import io.herald.wire.Position;
import io.herald.wire.Subject;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The edge's encoding of one {@code message} frame (once per message, shared by its subscribers).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class MessageFrameBench {
    @Param({"100", "512"})
    int contentBytes;

    private final Subject subject = Subject.parse("/stocks/NYSE/IBM");
    private final Position position = new Position(1_733_150_000_000L, 123_456);
    private byte[] content;

    @Setup
    public void setUp() {
        content = new byte[contentBytes];
        Arrays.fill(content, (byte) 'x');
    }

    @Benchmark
    public int encodeMessageFrame() {
        ByteBuf frame =
                MessageFrames.encode(
                        PooledByteBufAllocator.DEFAULT,
                        subject,
                        position,
                        content,
                        1_733_150_000_000L,
                        false);
        int n = frame.readableBytes();
        frame.release();
        return n;
    }
}
