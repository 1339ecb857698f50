package io.herald.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class CommaListTest {

    @Test
    void splitsOnCommasAndStripsEachEntry() {
        assertThat(CommaList.parse("--topics", "a, b ,c")).containsExactly("a", "b", "c");
        assertThat(CommaList.parse("--topics", "a")).containsExactly("a");
        assertThat(CommaList.parse("--topics", " ")).isEmpty();
    }

    @Test
    void anEmptyEntryIsAnErrorNamingTheOption() {
        assertThatThrownBy(() -> CommaList.parse("--topics", "a,,b"))
                .hasMessage("--topics: an empty entry in 'a,,b' (a comma-separated list)");
        assertThatThrownBy(() -> CommaList.parse("--topics", "a,"))
                .hasMessageContaining("--topics: an empty entry");
    }
}
