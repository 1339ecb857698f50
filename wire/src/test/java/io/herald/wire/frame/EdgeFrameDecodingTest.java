package io.herald.wire.frame;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.herald.wire.Position;
import io.herald.wire.Subject;
import org.junit.jupiter.api.Test;

class EdgeFrameDecodingTest {

    private final FrameCodec codec = FrameCodec.withDefaults();

    private FrameDecodeException failure(String json) {
        FrameDecodeException e =
                catchThrowableOfType(FrameDecodeException.class, () -> codec.decodeEdgeFrame(json));
        assertThat(e).as("decoding %s", json).isNotNull();
        return e;
    }

    @Test
    void acceptsAnAbsentHeadAsUnknownAndIgnoresUnknownFields() throws Exception {
        assertThat(
                        codec.decodeEdgeFrame(
                                "{\"type\":\"subscribed\",\"id\":\"1\",\"subject\":\"/a\","
                                        + "\"recovery\":\"partial\",\"extra\":{}}"))
                .isEqualTo(
                        new EdgeFrame.Subscribed("1", Subject.parse("/a"), Recovery.PARTIAL, null));
    }

    @Test
    void reportsFramesFromANewerEdgeAsUnknownTypes() {
        FrameDecodeException e = failure("{\"type\":\"presence\",\"subject\":\"/a\"}");
        assertThat(e).isInstanceOf(UnknownFrameTypeException.class);
    }

    @Test
    void rejectsBrokenEdgeFrames() {
        assertThat(
                        failure(
                                        "{\"type\":\"subscribed\",\"id\":\"1\",\"subject\":\"/a\",\"recovery\":\"full\",\"head\":null}")
                                .getMessage())
                .isEqualTo("recovery must be complete, partial or none, was \"full\"");
        assertThat(failure("{\"type\":\"error\",\"code\":\"NOPE\",\"message\":\"m\"}").getMessage())
                .isEqualTo("code is not a known error code, was \"NOPE\"");
        assertThat(
                        failure(
                                        "{\"type\":\"message\",\"subject\":\"/a\",\"epoch\":1,\"seq\":2,"
                                                + "\"content\":\"c\",\"timestamp\":5,\"replay\":\"no\"}")
                                .getMessage())
                .isEqualTo("replay must be a boolean");
        assertThat(
                        failure(
                                        "{\"type\":\"message\",\"subject\":\"/a\",\"epoch\":1,\"seq\":-2,"
                                                + "\"content\":\"c\",\"timestamp\":5,\"replay\":true}")
                                .getMessage())
                .isEqualTo("seq must be in 0.." + Position.MAX_SAFE);
        assertThat(
                        failure(
                                        "{\"type\":\"published\",\"id\":\"p\",\"subject\":\"/a\",\"epoch\":\"1\",\"seq\":2}")
                                .requestId())
                .contains("p");
        assertThat(failure("{\"type\":\"pong\"}").getMessage()).isEqualTo("id is missing");
    }
}
