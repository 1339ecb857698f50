package io.herald.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

class PositionTest {

    @Test
    void ordersByEpochThenSeq() {
        List<Position> sorted =
                List.of(Position.of(0, 0), Position.of(0, 1), Position.of(0, 4), Position.of(1, 0));
        List<Position> shuffled = new ArrayList<>(sorted);
        Collections.reverse(shuffled);
        Collections.sort(shuffled);
        assertThat(shuffled).containsExactlyElementsOf(sorted);
        assertThat(Position.of(1, 0).isAfter(Position.of(0, 99))).isTrue();
        assertThat(Position.of(0, 99).isAfter(Position.of(1, 0))).isFalse();
    }

    @Test
    void rejectsValuesJavaScriptCannotHold() {
        assertThat(Position.of(Position.MAX_SAFE, Position.MAX_SAFE).seq())
                .isEqualTo(9007199254740991L);
        assertThatThrownBy(() -> Position.of(-1, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Position.of(0, -1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Position.of(Position.MAX_SAFE + 1, 0))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void knowsItsSuccessor() {
        assertThat(Position.of(3, 4).next()).isEqualTo(Position.of(3, 5));
        assertThat(Position.of(3, 4).isFollowedBy(Position.of(3, 5))).isTrue();
        assertThat(Position.of(3, 4).isFollowedBy(Position.of(3, 6))).isFalse();
        assertThat(Position.of(3, 4).isFollowedBy(Position.of(7, 0))).isTrue();
        assertThat(Position.of(3, 4).isFollowedBy(Position.of(7, 1))).isFalse();
        assertThat(Position.of(3, 4).isFollowedBy(Position.of(2, 0))).isFalse();
    }
}
