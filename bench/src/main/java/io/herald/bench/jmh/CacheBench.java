package io.herald.bench.jmh;

import io.herald.edge.cache.CacheLimits;
import io.herald.edge.cache.MessageCache;
import io.herald.edge.cache.SubjectLog;
import io.herald.wire.Position;
import io.herald.wire.SequencedMessage;
import io.herald.wire.SourceRef;
import io.herald.wire.Subject;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The edge's cache at its default limits, full (1,000 subjects × 1,000 messages of 512 B):
 * appending the next message of a subject (which evicts its oldest), and looking up a resume
 * position in a subject's log.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class CacheBench {
    private static final int SUBJECTS = 1000;
    private static final int PER_SUBJECT = 1000;
    private final Clock clock = Clock.fixed(Instant.parse("2026-12-02T00:00:00Z"), ZoneOffset.UTC);
    private final byte[] content = new byte[512];
    private Subject[] subjects;
    private long[] next;
    private MessageCache cache;
    private long offset;
    private int turn;

    @Setup
    public void fill() {
        cache =
                new MessageCache(
                        new CacheLimits(Duration.ofSeconds(180), PER_SUBJECT, 1L << 30), clock);
        subjects = new Subject[SUBJECTS];
        next = new long[SUBJECTS];
        for (int s = 0; s < SUBJECTS; s++) {
            subjects[s] = Subject.parse("/stocks/s" + s);
        }
        for (int i = 0; i < PER_SUBJECT; i++) {
            for (int s = 0; s < SUBJECTS; s++) {
                append(s);
            }
        }
    }

    private MessageCache.Outcome append(int s) {
        return cache.append(
                new SequencedMessage(
                        subjects[s],
                        new Position(1, next[s]++),
                        content,
                        clock.millis(),
                        new SourceRef("stocks", 0, offset++),
                        null,
                        null));
    }

    @Benchmark
    public MessageCache.Outcome appendToFullCache() {
        turn = (turn + 1) % SUBJECTS;
        return append(turn);
    }

    @Benchmark
    public int lookUpResumePosition() {
        turn = (turn + 1) % SUBJECTS;
        SubjectLog log = cache.log(subjects[turn]);
        return log.indexOf(new Position(1, next[turn] - PER_SUBJECT / 2));
    }
}
