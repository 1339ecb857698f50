package io.herald.bench.jmh;

import io.herald.wire.SequencedHeaders;
import io.herald.wire.SequencedMessage;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;

/** Decoding one sequenced Kafka record (key, value, headers) into the edge's message. */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class RecordDecodeBench {
    private final byte[] key = "NYSE/IBM".getBytes(StandardCharsets.UTF_8);
    private final byte[] value = new byte[512];
    private final RecordHeaders headers = new RecordHeaders();

    public RecordDecodeBench() {
        headers.add(SequencedHeaders.EPOCH, SequencedHeaders.encodeLong(1_733_150_000_000L))
                .add(SequencedHeaders.SEQ, SequencedHeaders.encodeLong(123_456))
                .add(SequencedHeaders.SOURCE, SequencedHeaders.encodeString("stocks:3:98765432"));
    }

    @Benchmark
    public SequencedMessage decodeRecord() {
        return SequencedMessage.decode(
                "/stocks/NYSE/IBM".getBytes(StandardCharsets.UTF_8),
                value,
                1_733_150_000_000L,
                name -> {
                    Header h = headers.lastHeader(name);
                    return h == null ? null : h.value();
                });
    }
}
