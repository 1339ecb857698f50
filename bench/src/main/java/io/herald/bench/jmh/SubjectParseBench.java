package io.herald.bench.jmh;

import io.herald.wire.Subject;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;

/** Subject parsing: from a client's text, and from a sequenced record's key bytes. */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class SubjectParseBench {
    private final String text = "/stocks/NYSE/IBM";
    private final byte[] key = text.getBytes(StandardCharsets.UTF_8);

    @Benchmark
    public Subject parseText() {
        return Subject.parse(text);
    }

    @Benchmark
    public Subject parseRecordKey() {
        return Subject.fromBytes(key);
    }
}
