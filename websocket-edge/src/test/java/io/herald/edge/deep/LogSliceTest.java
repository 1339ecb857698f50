package io.herald.edge.deep;

import static org.assertj.core.api.Assertions.assertThat;

import io.herald.edge.cache.CachedMessage;
import io.herald.wire.Position;
import io.herald.wire.Subject;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What a read of the log proves about a client's position, and what it replays. */
class LogSliceTest {
    private static final Subject S = Subject.parse("/a");

    private static LogSlice slice(boolean afterDeletion, Position... positions) {
        List<CachedMessage> messages = new ArrayList<>();
        for (Position p : positions) {
            messages.add(new CachedMessage(S, p, new byte[0], 0, 0));
        }
        return new LogSlice(S, messages, afterDeletion, false, null);
    }

    private static List<Position> positions(LogSlice.Replay r) {
        return r.messages().stream().map(CachedMessage::position).toList();
    }

    @Test
    void holdingThePositionProvesItAndReplaysWhatFollows() {
        LogSlice.Replay r =
                slice(false, Position.of(1, 4), Position.of(1, 5), Position.of(1, 6))
                        .after(Position.of(1, 4));
        assertThat(r.proven()).isTrue();
        assertThat(positions(r)).containsExactly(Position.of(1, 5), Position.of(1, 6));
    }

    @Test
    void theNextSeqOfTheSameEpochProvesThePosition() {
        LogSlice.Replay r = slice(false, Position.of(1, 5)).after(Position.of(1, 4));
        assertThat(r.proven()).isTrue();
        assertThat(positions(r)).containsExactly(Position.of(1, 5));
    }

    @Test
    void aLaterEpochDoesNotProveAMadeUpPosition() {
        assertThat(slice(false, Position.of(9, 0)).after(Position.of(8, 3)).reason())
                .isEqualTo(PartialReason.NOT_IN_LOG);
    }

    @Test
    void aPositionMissingAfterDeletedRecordsIsRetention() {
        assertThat(slice(true, Position.of(1, 100)).after(Position.of(1, 50)).reason())
                .isEqualTo(PartialReason.RETENTION);
        assertThat(slice(false, Position.of(1, 100)).after(Position.of(1, 50)).reason())
                .isEqualTo(PartialReason.NOT_IN_LOG);
        assertThat(slice(false).after(Position.of(1, 50)).reason())
                .isEqualTo(PartialReason.NOT_IN_LOG);
    }

    @Test
    void aHoleAfterThePositionIsNeverReplayedAsComplete() {
        assertThat(
                        slice(false, Position.of(1, 4), Position.of(1, 5), Position.of(1, 7))
                                .after(Position.of(1, 4))
                                .reason())
                .isEqualTo(PartialReason.HOLE);
    }

    @Test
    void aNewEpochFromSeqZeroContinues() {
        LogSlice.Replay r =
                slice(false, Position.of(1, 4), Position.of(2, 0), Position.of(2, 1))
                        .after(Position.of(1, 4));
        assertThat(r.proven()).isTrue();
        assertThat(positions(r)).containsExactly(Position.of(2, 0), Position.of(2, 1));
    }

    @Test
    void aFailedReadProvesNothing() {
        assertThat(LogSlice.failed(S, PartialReason.KAFKA_ERROR).after(Position.of(1, 1)).reason())
                .isEqualTo(PartialReason.KAFKA_ERROR);
    }
}
