package io.herald.wire;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SubjectTest {

    @Test
    void rejectsNullWithoutThrowingFromIsValid() {
        assertThat(Subject.isValid(null)).isFalse();
    }

    @Test
    void equalityIsByValue() {
        assertThat(Subject.parse("/a/b")).isEqualTo(Subject.parse("/a/b"));
        assertThat(Subject.parse("/a/b")).hasSameHashCodeAs(Subject.parse("/a/b"));
        assertThat(Subject.parse("/a/b")).isNotEqualTo(Subject.parse("/a/c"));
    }
}
