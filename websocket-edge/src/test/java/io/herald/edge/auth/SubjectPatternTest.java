package io.herald.edge.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.herald.wire.Subject;
import org.junit.jupiter.api.Test;

class SubjectPatternTest {
    @Test
    void wildcardMatchesDescendantsAtAnyDepthButNotThePrefixItself() {
        SubjectPattern p = SubjectPattern.parse("/stocks/*");
        assertThat(p.matches(Subject.parse("/stocks/NYSE/IBM"))).isTrue();
        assertThat(p.matches(Subject.parse("/stocks/X"))).isTrue();
        assertThat(p.matches(Subject.parse("/stocks"))).isFalse();
        assertThat(p.matches(Subject.parse("/stocksX/a"))).isFalse();
    }

    @Test
    void exactPatternMatchesOnlyItself() {
        SubjectPattern p = SubjectPattern.parse("/chat/room-1");
        assertThat(p.matches(Subject.parse("/chat/room-1"))).isTrue();
        assertThat(p.matches(Subject.parse("/chat/room-1/x"))).isFalse();
    }

    @Test
    void rejectsPatternsThatAreNoSubjects() {
        assertThatThrownBy(() -> SubjectPattern.parse("chat/*"))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
