package io.herald.edge.cache;

import static io.herald.edge.Messages.msg;
import static org.assertj.core.api.Assertions.assertThat;

import io.herald.edge.TestClock;
import io.herald.wire.Position;
import io.herald.wire.Subject;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class MessageCacheTest {
    private final TestClock clock = new TestClock(1_000_000);

    private MessageCache cache(int maxPerSubject, long maxBytes) {
        return new MessageCache(
                new CacheLimits(Duration.ofSeconds(180), maxPerSubject, maxBytes), clock);
    }

    private static Subject s(String v) {
        return Subject.parse(v);
    }

    @Test
    void evictsByTtlUsingTheInjectedClock() {
        MessageCache c = cache(1000, 1 << 20);
        c.append(msg("/a/1", 1, 0, 0, clock.millis(), "x"));
        clock.advance(Duration.ofSeconds(100));
        c.append(msg("/a/1", 1, 1, 1, clock.millis(), "y"));
        assertThat(c.expire()).isZero();
        clock.advance(Duration.ofSeconds(81));
        assertThat(c.expire()).isEqualTo(1);
        SubjectLog log = c.log(s("/a/1"));
        assertThat(log.size()).isEqualTo(1);
        assertThat(log.get(0).position()).isEqualTo(new Position(1, 1));
        assertThat(log.anchor()).isEqualTo(new Position(1, 0));
        clock.advance(Duration.ofSeconds(100));
        c.expire();
        assertThat(log.isEmpty()).isTrue();
        assertThat(log.head()).isEqualTo(new Position(1, 1));
        assertThat(log.anchor()).isEqualTo(new Position(1, 1));
        assertThat(c.totalBytes()).isZero();
    }

    @Test
    void theMessagesOfASubjectShareTheirLogsSubjectNotTheCopiesTheyWereDecodedWith() {
        MessageCache c = cache(1000, 1 << 20);
        for (int i = 0; i < 3; i++) {
            c.append(msg("/a/1", 1, i, i, clock.millis(), "m" + i)); // a new Subject each
        }
        SubjectLog log = c.log(s("/a/1"));
        assertThat(log.get(1).subject()).isSameAs(log.subject());
        assertThat(log.get(2).subject()).isSameAs(log.subject());
    }

    @Test
    void evictsByCountPerSubjectKeepingTheNewest() {
        MessageCache c = cache(3, 1 << 20);
        for (int i = 0; i < 5; i++) {
            c.append(msg("/a/1", 7, i, i, clock.millis(), "m" + i));
        }
        SubjectLog log = c.log(s("/a/1"));
        assertThat(log.size()).isEqualTo(3);
        assertThat(log.get(0).position()).isEqualTo(new Position(7, 2));
        assertThat(log.anchor()).isEqualTo(new Position(7, 1));
        assertThat(c.totalMessages()).isEqualTo(3);
    }

    @Test
    void longSubjectsCountAgainstTheBudget() {
        long budget = 1 << 20;
        MessageCache c = cache(1000, budget);
        String longKey = "k".repeat(1000);
        for (int i = 0; i < 10_000; i++) {
            c.append(msg("/a/" + longKey + (i % 100), 1, i / 100, i, clock.millis(), "x"));
        }
        // Each message holds its 1 KB subject (value, topic and key): 10,000 of them are 20 MB
        // and more, whatever their one-byte contents.
        assertThat(c.totalBytes()).isLessThanOrEqualTo(budget);
        assertThat(c.totalMessages()).isLessThan(budget / (2 * 1000));
    }

    @Test
    void byteBudgetEvictsTheOldestMessageAcrossSubjects() {
        long size = CachedMessage.sizeBytes(s("/a/1"), 10);
        MessageCache c = cache(1000, 3 * size);
        c.append(msg("/a/1", 1, 0, 0, clock.millis(), "0123456789"));
        clock.advance(Duration.ofMillis(1));
        c.append(msg("/b/1", 1, 0, 1, clock.millis(), "0123456789"));
        clock.advance(Duration.ofMillis(1));
        c.append(msg("/b/1", 1, 1, 2, clock.millis(), "0123456789"));
        assertThat(c.totalBytes()).isEqualTo(3 * size);
        clock.advance(Duration.ofMillis(1));
        c.append(msg("/c/1", 1, 0, 3, clock.millis(), "0123456789"));
        assertThat(c.totalBytes()).isEqualTo(3 * size);
        assertThat(c.log(s("/a/1")).isEmpty()).isTrue();
        assertThat(c.log(s("/a/1")).anchor()).isEqualTo(new Position(1, 0));
        assertThat(c.log(s("/b/1")).size()).isEqualTo(2);
        clock.advance(Duration.ofMillis(1));
        c.append(msg("/c/1", 1, 1, 4, clock.millis(), "0123456789"));
        assertThat(c.log(s("/b/1")).size()).isEqualTo(1);
        assertThat(c.log(s("/b/1")).get(0).position()).isEqualTo(new Position(1, 1));
    }

    @Test
    void dropsReDeliveredSourceRecordsUnderANewEpoch() {
        MessageCache c = cache(1000, 1 << 20);
        assertThat(c.append(msg("/a/1", 1, 0, 10, clock.millis(), "a")))
                .isEqualTo(MessageCache.Outcome.ACCEPTED);
        assertThat(c.append(msg("/a/1", 1, 1, 11, clock.millis(), "b")))
                .isEqualTo(MessageCache.Outcome.ACCEPTED);
        // Low-latency mode restore: offset 11 re-emitted as (2,0), then new records.
        assertThat(c.append(msg("/a/1", 2, 0, 11, clock.millis(), "b")))
                .isEqualTo(MessageCache.Outcome.DUPLICATE);
        assertThat(c.append(msg("/a/1", 2, 1, 12, clock.millis(), "c")))
                .isEqualTo(MessageCache.Outcome.ACCEPTED);
        SubjectLog log = c.log(s("/a/1"));
        assertThat(log.size()).isEqualTo(3);
        assertThat(log.head()).isEqualTo(new Position(2, 1));
    }

    @Test
    void dropsAPositionThatGoesBackwards() {
        MessageCache c = cache(1000, 1 << 20);
        c.append(msg("/a/1", 3, 5, 1, clock.millis(), "a"));
        assertThat(c.append(msg("/a/1", 3, 4, 2, clock.millis(), "b")))
                .isEqualTo(MessageCache.Outcome.OUT_OF_ORDER);
        assertThat(c.log(s("/a/1")).size()).isEqualTo(1);
    }

    @Test
    void aHoleInSeqResetsTheProofLoudly() {
        MessageCache c = cache(1000, 1 << 20);
        c.append(msg("/a/1", 3, 0, 1, clock.millis(), "a"));
        c.append(msg("/a/1", 3, 1, 2, clock.millis(), "b"));
        assertThat(c.append(msg("/a/1", 3, 5, 3, clock.millis(), "c")))
                .isEqualTo(MessageCache.Outcome.ACCEPTED_AFTER_GAP);
        SubjectLog log = c.log(s("/a/1"));
        assertThat(log.size()).isEqualTo(1);
        assertThat(log.anchor()).isNull();
        assertThat(c.totalMessages()).isEqualTo(1);
    }

    @Test
    void theFirstObservedMessageVouchesForItsPredecessorWithinItsEpoch() {
        MessageCache c = cache(1000, 1 << 20);
        c.append(msg("/a/1", 3, 7, 1, clock.millis(), "a"));
        c.append(msg("/b/1", 3, 0, 2, clock.millis(), "a"));
        assertThat(c.log(s("/a/1")).anchor()).isEqualTo(new Position(3, 6));
        assertThat(c.log(s("/b/1")).anchor()).isNull();
    }

    @Test
    void aNewEpochContinuesTheObservedStream() {
        MessageCache c = cache(1000, 1 << 20);
        c.append(msg("/a/1", 3, 0, 1, clock.millis(), "a"));
        assertThat(c.append(msg("/a/1", 9, 4, 2, clock.millis(), "b")))
                .isEqualTo(MessageCache.Outcome.ACCEPTED);
        assertThat(c.log(s("/a/1")).size()).isEqualTo(2);
    }

    @Test
    void dropsIdleEmptySubjectsAfterATtl() {
        MessageCache c = cache(1000, 1 << 20);
        c.append(msg("/a/1", 1, 0, 1, clock.millis(), "a"));
        clock.advance(Duration.ofSeconds(179));
        c.expire();
        assertThat(c.dropIdleSubjects()).isZero(); // still holds its message
        clock.advance(Duration.ofSeconds(2));
        assertThat(c.expire()).isEqualTo(1);
        assertThat(c.dropIdleSubjects()).isEqualTo(1);
        assertThat(c.log(s("/a/1"))).isNull();
    }

    @Test
    void breakingContinuityForgetsCachedHistory() {
        MessageCache c = cache(1000, 1 << 20);
        c.append(msg("/a/1", 1, 0, 1, clock.millis(), "a"));
        c.append(msg("/a/1", 1, 1, 2, clock.millis(), "b"));
        c.breakContinuity();
        assertThat(c.totalMessages()).isZero();
        assertThat(c.append(msg("/a/1", 1, 9, 3, clock.millis(), "c")))
                .isEqualTo(MessageCache.Outcome.ACCEPTED);
        assertThat(c.log(s("/a/1")).anchor()).isEqualTo(new Position(1, 8));
    }
}
