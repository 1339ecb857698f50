package io.herald.wire;

import static org.assertj.core.api.Assertions.assertThat;

import io.herald.wire.frame.ClientFrame;
import io.herald.wire.frame.FrameCodec;
import org.junit.jupiter.api.Test;

/** The wire module's constants against docs/protocol/vectors/limits.json. */
class LimitVectorsTest {

    @Test
    void subjectLimits() {
        assertThat(Subject.MIN_BYTES).isEqualTo(ProtocolVectors.limit("subjectMinBytes"));
        assertThat(Subject.MAX_BYTES).isEqualTo(ProtocolVectors.limit("subjectMaxBytes"));
        assertThat(Subject.MAX_TOPIC_LENGTH).isEqualTo(ProtocolVectors.limit("topicMaxLength"));
    }

    @Test
    void positionsAndHistoryStayWithinTheirRanges() {
        assertThat(Position.MAX_SAFE).isEqualTo(ProtocolVectors.limit("positionMax"));
        assertThat((long) Integer.MAX_VALUE).isEqualTo(ProtocolVectors.limit("historyMax"));
    }

    @Test
    void idLength() {
        assertThat((long) ClientFrame.MAX_ID_LENGTH)
                .isEqualTo(ProtocolVectors.limit("idMaxLength"));
    }

    @Test
    void batchSize() {
        assertThat((long) ClientFrame.MAX_BATCH).isEqualTo(ProtocolVectors.limit("maxBatch"));
    }

    @Test
    void defaultFrameSize() {
        assertThat(FrameCodec.DEFAULT_MAX_FRAME_BYTES)
                .isEqualTo(ProtocolVectors.limit("maxFrameBytes"));
    }
}
