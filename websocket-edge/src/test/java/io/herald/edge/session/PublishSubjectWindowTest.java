package io.herald.edge.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.herald.wire.Subject;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class PublishSubjectWindowTest {
    private static final long MINUTE = TimeUnit.MINUTES.toNanos(1);

    private static Subject s(String name) {
        return Subject.parse("/demo/" + name);
    }

    @Test
    void admitsUpToTheLimitOfNewSubjectsAndAlwaysTheSubjectsAlreadyUsed() {
        PublishSubjectWindow w = new PublishSubjectWindow(2, 0);
        assertThat(w.admit(s("a"), 1)).isTrue();
        assertThat(w.admit(s("b"), 2)).isTrue();
        assertThat(w.admit(s("c"), 3)).isFalse();
        assertThat(w.admit(s("a"), 4)).isTrue();
        assertThat(w.admit(s("b"), 5)).isTrue();
        assertThat(w.admit(s("c"), 6)).isFalse();
    }

    @Test
    void aNewMinuteStartsEmpty() {
        PublishSubjectWindow w = new PublishSubjectWindow(1, 0);
        assertThat(w.admit(s("a"), 0)).isTrue();
        assertThat(w.admit(s("b"), MINUTE - 1)).isFalse();
        assertThat(w.admit(s("b"), MINUTE)).isTrue();
        assertThat(w.admit(s("a"), MINUTE + 1)).isFalse();
    }

    @Test
    void refusesALimitBelowOne() {
        assertThatThrownBy(() -> new PublishSubjectWindow(0, 0))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
