package io.herald.wire.frame;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.herald.wire.Position;
import io.herald.wire.Subject;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class FrameRoundTripTest {

    private final FrameCodec codec = FrameCodec.withDefaults();

    private EdgeFrame roundTrip(EdgeFrame frame) throws FrameDecodeException {
        return codec.decodeEdgeFrame(
                new String(codec.encodeEdgeFrame(frame), StandardCharsets.UTF_8));
    }

    private ClientFrame roundTrip(ClientFrame frame) throws FrameDecodeException {
        String json = codec.encodeClientFrame(frame);
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        assertThat(codec.decodeClientFrame(bytes, 0, bytes.length)).isEqualTo(frame);
        return codec.decodeClientFrame(json);
    }

    @Test
    void everyClientFrameSurvivesARoundTrip() throws Exception {
        List<ClientFrame> frames =
                List.of(
                        new ClientFrame.Subscribe(
                                "s1",
                                List.of(
                                        ClientFrame.SubscriptionRequest.live(Subject.parse("/a")),
                                        ClientFrame.SubscriptionRequest.resume(
                                                Subject.parse("/b/c"),
                                                Position.of(Position.MAX_SAFE, 0)),
                                        ClientFrame.SubscriptionRequest.history(
                                                Subject.parse("/chat/日本/é"), 5),
                                        new ClientFrame.SubscriptionRequest(
                                                Subject.parse("/d"), Position.of(1, 2), 3))),
                        new ClientFrame.Unsubscribe(
                                "u1", List.of(Subject.parse("/a"), Subject.parse("/b/c"))),
                        new ClientFrame.Publish(
                                "p1", Subject.parse("/a/b"), "\"quoted\" \\ \n\t\u0000 😀 é"),
                        new ClientFrame.Ping("x"),
                        new ClientFrame.Auth("eyJhbGciOiJIUzI1NiJ9.e30.sig"));
        for (ClientFrame frame : frames) {
            assertThat(roundTrip(frame)).isEqualTo(frame);
        }
    }

    @Test
    void everyEdgeFrameSurvivesARoundTrip() throws Exception {
        List<EdgeFrame> frames =
                List.of(
                        new EdgeFrame.Subscribed(
                                "s1", Subject.parse("/a"), Recovery.COMPLETE, Position.of(3, 4)),
                        new EdgeFrame.Subscribed("s1", Subject.parse("/a"), Recovery.PARTIAL, null),
                        new EdgeFrame.Subscribed("s1", Subject.parse("/a"), Recovery.NONE, null),
                        new EdgeFrame.Message(
                                Subject.parse("/chat/日本"),
                                Position.of(Position.MAX_SAFE, Position.MAX_SAFE),
                                "😀 \"x\"\n",
                                1_764_500_000_000L,
                                true),
                        new EdgeFrame.Message(Subject.parse("/a"), Position.of(0, 0), "", 0, false),
                        new EdgeFrame.Published("p1", Subject.parse("/a/b"), Position.of(7, 8)),
                        new EdgeFrame.Pong("x"),
                        new EdgeFrame.ErrorFrame("p1", ErrorCode.PUBLISH_TIMEOUT, "too slow"),
                        new EdgeFrame.ErrorFrame(null, ErrorCode.BAD_REQUEST, "malformed"));
        for (EdgeFrame frame : frames) {
            assertThat(roundTrip(frame)).isEqualTo(frame);
        }
        for (ErrorCode code : ErrorCode.values()) {
            EdgeFrame e = new EdgeFrame.ErrorFrame("i", code, code.name());
            assertThat(roundTrip(e)).isEqualTo(e);
        }
    }

    @Test
    void refusesToBuildClientFramesThatCannotBeEncodedLosslessly() {
        Subject a = Subject.parse("/a");
        assertThatThrownBy(() -> new ClientFrame.Publish("p", a, "x\ud800"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("content");
        assertThatThrownBy(() -> new ClientFrame.Ping(""))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ClientFrame.Subscribe("s", List.of()))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ClientFrame.SubscriptionRequest(a, null, -1))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
