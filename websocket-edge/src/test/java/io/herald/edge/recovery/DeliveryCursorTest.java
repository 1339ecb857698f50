package io.herald.edge.recovery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.herald.wire.Position;
import org.junit.jupiter.api.Test;

class DeliveryCursorTest {
    @Test
    void skipsDuplicatesAtOrBelowTheLastDelivered() {
        DeliveryCursor c = DeliveryCursor.after(new Position(1, 5));
        assertThat(c.advance(new Position(1, 5))).isFalse();
        assertThat(c.advance(new Position(1, 4))).isFalse();
        assertThat(c.advance(new Position(1, 6))).isTrue();
        assertThat(c.last()).isEqualTo(new Position(1, 6));
    }

    @Test
    void failsLoudlyOnAHoleWithinAnEpoch() {
        DeliveryCursor c = DeliveryCursor.after(new Position(1, 5));
        assertThatThrownBy(() -> c.advance(new Position(1, 7)))
                .isInstanceOf(SequenceGapException.class)
                .hasMessageContaining("1")
                .hasMessageContaining("7");
    }

    @Test
    void aNewEpochMayStartAtAnySeq() {
        DeliveryCursor c = DeliveryCursor.after(new Position(1, 5));
        assertThat(c.advance(new Position(2, 3))).isTrue();
        assertThatThrownBy(() -> c.advance(new Position(2, 5)))
                .isInstanceOf(SequenceGapException.class);
    }

    @Test
    void anUncheckedStartAcceptsAHoleOnceThenChecks() {
        DeliveryCursor c = DeliveryCursor.afterUnchecked(new Position(1, 0));
        assertThat(c.advance(new Position(1, 9))).isTrue();
        assertThatThrownBy(() -> c.advance(new Position(1, 11)))
                .isInstanceOf(SequenceGapException.class);
    }
}
