package io.herald.failover.check;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class SubjectStreamTest {

    @Test
    void aCompleteInOrderStreamAcrossEpochsIsClean() {
        SubjectStream s = new SubjectStream();
        s.accept(10, 0, 0);
        s.accept(10, 1, 1);
        s.accept(25, 0, 2);
        s.accept(25, 1, 3);

        assertThat(s.lost(4)).isZero();
        assertThat(s.duplicated()).isZero();
        assertThat(s.outOfOrder()).isZero();
        assertThat(s.positionNotIncreasing()).isZero();
        assertThat(s.holeInEpoch()).isZero();
        assertThat(s.epochsSeen()).isEqualTo(2);
        assertThat(s.delivered()).isEqualTo(4);
    }

    @Test
    void countsAMissingMessageAsLostEvenWhenPositionsLookContiguous() {
        SubjectStream s = new SubjectStream();
        s.accept(1, 0, 0);
        s.accept(1, 1, 2);

        assertThat(s.lost(3)).isEqualTo(1);
        assertThat(s.hasAll(3)).isFalse();
        assertThat(s.holeInEpoch()).isZero();
    }

    @Test
    void countsTheTailThatNeverArrivedAsLost() {
        SubjectStream s = new SubjectStream();
        s.accept(1, 0, 0);

        assertThat(s.lost(5)).isEqualTo(4);
    }

    @Test
    void countsARedeliveredMessageAsDuplicatedAndItsOldPositionAsNotIncreasing() {
        SubjectStream s = new SubjectStream();
        s.accept(1, 0, 0);
        s.accept(1, 1, 1);
        s.accept(1, 1, 1);

        assertThat(s.duplicated()).isEqualTo(1);
        assertThat(s.positionNotIncreasing()).isEqualTo(1);
        assertThat(s.lost(2)).isZero();
    }

    @Test
    void countsAnEarlierMessageArrivingLateAsOutOfOrder() {
        SubjectStream s = new SubjectStream();
        s.accept(1, 0, 0);
        s.accept(1, 1, 2);
        s.accept(1, 2, 1);

        assertThat(s.outOfOrder()).isEqualTo(1);
        assertThat(s.lost(3)).isZero();
    }

    @Test
    void countsAnEpochGoingBack() {
        SubjectStream s = new SubjectStream();
        s.accept(5, 0, 0);
        s.accept(4, 1, 1);

        assertThat(s.epochWentBack()).isEqualTo(1);
        assertThat(s.positionNotIncreasing()).isEqualTo(1);
    }

    @Test
    void countsASkippedSeqWithinAnEpoch() {
        SubjectStream s = new SubjectStream();
        s.accept(5, 0, 0);
        s.accept(5, 2, 1);

        assertThat(s.holeInEpoch()).isEqualTo(1);
    }

    @Test
    void rejectsANegativeMessageNumber() {
        assertThatThrownBy(() -> new SubjectStream().accept(1, 0, -1))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
