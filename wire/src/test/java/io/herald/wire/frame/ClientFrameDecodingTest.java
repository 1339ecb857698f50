package io.herald.wire.frame;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.herald.wire.Position;
import io.herald.wire.Subject;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ClientFrameDecodingTest {

    private final FrameCodec codec = FrameCodec.withDefaults();

    private ClientFrame decode(String json) throws FrameDecodeException {
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        ClientFrame fromBytes = codec.decodeClientFrame(bytes, 0, bytes.length);
        assertThat(codec.decodeClientFrame(json)).isEqualTo(fromBytes);
        return fromBytes;
    }

    private FrameDecodeException failure(String json) {
        FrameDecodeException e =
                catchThrowableOfType(
                        FrameDecodeException.class, () -> codec.decodeClientFrame(json));
        assertThat(e).as("decoding %s", json).isNotNull();
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        FrameDecodeException fromBytes =
                catchThrowableOfType(
                        FrameDecodeException.class,
                        () -> codec.decodeClientFrame(bytes, 0, bytes.length));
        assertThat(fromBytes).isNotNull();
        assertThat(fromBytes.code()).isEqualTo(e.code());
        return e;
    }

    @Test
    void decodesSubscribeWithLiveResumeAndHistoryEntries() throws Exception {
        ClientFrame frame =
                decode(
                        "{\"type\":\"subscribe\",\"id\":\"s1\",\"subjects\":["
                                + "{\"subject\":\"/chat/room-1\"},"
                                + "{\"subject\":\"/stocks/NYSE/IBM\",\"from\":{\"epoch\":3,\"seq\":41}},"
                                + "{\"subject\":\"/chat/room-2\",\"history\":10}]}");
        assertThat(frame)
                .isEqualTo(
                        new ClientFrame.Subscribe(
                                "s1",
                                List.of(
                                        ClientFrame.SubscriptionRequest.live(
                                                Subject.parse("/chat/room-1")),
                                        ClientFrame.SubscriptionRequest.resume(
                                                Subject.parse("/stocks/NYSE/IBM"),
                                                Position.of(3, 41)),
                                        ClientFrame.SubscriptionRequest.history(
                                                Subject.parse("/chat/room-2"), 10))));
    }

    @Test
    void decodesUnsubscribePublishPingAndAuth() throws Exception {
        assertThat(decode("{\"type\":\"unsubscribe\",\"id\":\"u\",\"subjects\":[\"/a/b\",\"/c\"]}"))
                .isEqualTo(
                        new ClientFrame.Unsubscribe(
                                "u", List.of(Subject.parse("/a/b"), Subject.parse("/c"))));
        assertThat(
                        decode(
                                "{\"type\":\"publish\",\"id\":\"p\",\"subject\":\"/a/b\",\"content\":\"\"}"))
                .isEqualTo(new ClientFrame.Publish("p", Subject.parse("/a/b"), ""));
        assertThat(decode("{\"type\":\"ping\",\"id\":\"42\"}"))
                .isEqualTo(new ClientFrame.Ping("42"));
        assertThat(decode("{\"type\":\"auth\",\"token\":\"eyJ.x.y\"}"))
                .isEqualTo(new ClientFrame.Auth("eyJ.x.y"));
    }

    @Test
    void ignoresUnknownFieldsAtEveryLevel() throws Exception {
        ClientFrame frame =
                decode(
                        "{\"extra\":[1,{\"a\":null}],\"type\":\"subscribe\",\"id\":\"s\",\"subjects\":"
                                + "[{\"subject\":\"/a\",\"from\":{\"epoch\":1,\"seq\":2,\"x\":true},\"y\":1}]}");
        assertThat(((ClientFrame.Subscribe) frame).subjects().get(0).from())
                .isEqualTo(Position.of(1, 2));
    }

    @Test
    void decodesUtf8SubjectsAndContent() throws Exception {
        ClientFrame frame =
                decode(
                        "{\"type\":\"publish\",\"id\":\"p\",\"subject\":\"/chat/日本/é\","
                                + "\"content\":\"héllo 😀 \\u00e9 \\ud83d\\ude00\"}");
        ClientFrame.Publish publish = (ClientFrame.Publish) frame;
        assertThat(publish.subject().key()).isEqualTo("日本/é");
        assertThat(publish.content()).isEqualTo("héllo 😀 é 😀");
    }

    @Test
    void acceptsPositionsAtTheJavaScriptSafeLimit() throws Exception {
        ClientFrame frame =
                decode(
                        "{\"type\":\"subscribe\",\"id\":\"s\",\"subjects\":[{\"subject\":\"/a\","
                                + "\"from\":{\"epoch\":9007199254740991,\"seq\":0}}]}");
        assertThat(((ClientFrame.Subscribe) frame).subjects().get(0).from().epoch())
                .isEqualTo(Position.MAX_SAFE);
    }

    @Test
    void reportsAnUnknownTypeDistinctlyWithTheRequestId() {
        FrameDecodeException e = failure("{\"type\":\"teleport\",\"id\":\"t1\"}");
        assertThat(e).isInstanceOf(UnknownFrameTypeException.class);
        assertThat(((UnknownFrameTypeException) e).type()).isEqualTo("teleport");
        assertThat(e.code()).isEqualTo(ErrorCode.UNKNOWN_TYPE);
        assertThat(e.requestId()).contains("t1");
        assertThat(e.toErrorFrame())
                .isEqualTo(
                        new EdgeFrame.ErrorFrame(
                                "t1", ErrorCode.UNKNOWN_TYPE, "unknown frame type: \"teleport\""));
    }

    @Test
    void edgeFramesAreUnknownTypesToTheEdge() {
        assertThat(failure("{\"type\":\"pong\",\"id\":\"1\"}"))
                .isInstanceOf(UnknownFrameTypeException.class);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "",
                "   ",
                "{",
                "not json",
                "{\"type\":\"ping\",\"id\":\"1\"",
                "{\"type\":\"ping\",\"id\":\"1\"} {}",
                "{\"type\":\"ping\",\"id\":\"1\"}x",
                "[{\"type\":\"ping\",\"id\":\"1\"}]",
                "\"ping\"",
                "null",
                "42",
                "{\"type\":\"ping\",\"id\":\"1\",\"id\":\"2\"}",
                "{'type':'ping','id':'1'}",
                "{\"type\":\"ping\",\"id\":\"1\",}",
                "{\"type\":\"ping\",\"id\":NaN}",
                "{/*c*/\"type\":\"ping\",\"id\":\"1\"}",
            })
    void rejectsMalformedJsonAsBadRequest(String json) {
        FrameDecodeException e = failure(json);
        assertThat(e).isNotInstanceOf(UnknownFrameTypeException.class);
        assertThat(e.code()).isEqualTo(ErrorCode.BAD_REQUEST);
        assertThat(e.getMessage()).isNotBlank();
    }

    @Test
    void rejectsMissingTypeAndNonStringType() {
        assertThat(failure("{\"id\":\"1\"}").getMessage()).isEqualTo("type is missing");
        assertThat(failure("{\"type\":1,\"id\":\"1\"}").getMessage())
                .isEqualTo("type must be a string");
        assertThat(failure("{\"type\":null,\"id\":\"1\"}").code()).isEqualTo(ErrorCode.BAD_REQUEST);
    }

    @Test
    void rejectsMissingAndEmptyFieldsWithTheirNames() {
        assertThat(failure("{\"type\":\"ping\"}").getMessage()).isEqualTo("id is missing");
        assertThat(failure("{\"type\":\"ping\",\"id\":\"\"}").getMessage())
                .isEqualTo("id must not be empty");
        assertThat(failure("{\"type\":\"ping\",\"id\":7}").getMessage())
                .isEqualTo("id must be a string");
        assertThat(failure("{\"type\":\"publish\",\"id\":\"p\",\"subject\":\"/a\"}").getMessage())
                .isEqualTo("content is missing");
        assertThat(failure("{\"type\":\"publish\",\"id\":\"p\",\"content\":\"x\"}").getMessage())
                .isEqualTo("subject is missing");
        assertThat(
                        failure(
                                        "{\"type\":\"publish\",\"id\":\"p\",\"subject\":\"/a\",\"content\":{}}")
                                .getMessage())
                .isEqualTo("content must be a string");
        assertThat(failure("{\"type\":\"subscribe\",\"id\":\"s\"}").getMessage())
                .isEqualTo("subjects is missing");
        assertThat(failure("{\"type\":\"subscribe\",\"id\":\"s\",\"subjects\":[]}").getMessage())
                .isEqualTo("subjects must not be empty");
        assertThat(failure("{\"type\":\"subscribe\",\"id\":\"s\",\"subjects\":{}}").getMessage())
                .isEqualTo("subjects must be an array");
        assertThat(
                        failure("{\"type\":\"subscribe\",\"id\":\"s\",\"subjects\":[\"/a\"]}")
                                .getMessage())
                .isEqualTo("subjects[0] must be an object");
        assertThat(
                        failure("{\"type\":\"unsubscribe\",\"id\":\"u\",\"subjects\":[{}]}")
                                .getMessage())
                .isEqualTo("subjects[0] must be a string");
        assertThat(failure("{\"type\":\"auth\"}").getMessage()).isEqualTo("token is missing");
        assertThat(failure("{\"type\":\"auth\",\"token\":\"\"}").getMessage())
                .isEqualTo("token must not be empty");
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "\"3\"",
                "3.0",
                "3.5",
                "3e2",
                "-1",
                "9007199254740992",
                "18446744073709551616",
                "true",
                "{}",
                "[]",
                "null"
            })
    void rejectsAnEpochThatIsNotASafeNonNegativeInteger(String epoch) {
        FrameDecodeException e =
                failure(
                        "{\"type\":\"subscribe\",\"id\":\"s\",\"subjects\":[{\"subject\":\"/a\"},"
                                + "{\"subject\":\"/b\",\"from\":{\"epoch\":"
                                + epoch
                                + ",\"seq\":1}}]}");
        assertThat(e.code()).isEqualTo(ErrorCode.BAD_REQUEST);
        assertThat(e.getMessage()).startsWith("subjects[1].from.epoch ");
        assertThat(e.requestId()).contains("s");
    }

    @Test
    void rejectsBadSeqFromAndHistory() {
        String prefix = "{\"type\":\"subscribe\",\"id\":\"s\",\"subjects\":[{\"subject\":\"/a\",";
        assertThat(failure(prefix + "\"from\":{\"epoch\":1}}]}").getMessage())
                .isEqualTo("subjects[0].from.seq is missing");
        assertThat(failure(prefix + "\"from\":[1,2]}]}").getMessage())
                .isEqualTo("subjects[0].from must be an object");
        assertThat(failure(prefix + "\"history\":-1}]}").getMessage())
                .isEqualTo("subjects[0].history must be in 0..2147483647");
        assertThat(failure(prefix + "\"history\":2147483648}]}").code())
                .isEqualTo(ErrorCode.BAD_REQUEST);
        assertThat(failure(prefix + "\"history\":\"5\"}]}").getMessage())
                .isEqualTo("subjects[0].history must be an integer");
    }

    @ParameterizedTest
    @ValueSource(strings = {"chat", "/", "/a//b", "/a/", "/é/x", "", "/a/\\u0001", "/a/b\\u007f"})
    void rejectsInvalidSubjectsWithTheirOwnCode(String subject) {
        FrameDecodeException e =
                failure(
                        "{\"type\":\"publish\",\"id\":\"p9\",\"subject\":\""
                                + subject
                                + "\",\"content\":\"x\"}");
        assertThat(e.code()).isEqualTo(ErrorCode.INVALID_SUBJECT);
        assertThat(e.requestId()).contains("p9");
        assertThat(e.getMessage()).startsWith("subject ").contains("is not a valid subject");
    }

    @Test
    void rejectsAnInvalidSubjectInsideSubscribeAndUnsubscribeLists() {
        assertThat(
                        failure(
                                        "{\"type\":\"subscribe\",\"id\":\"s\",\"subjects\":[{\"subject\":\"/a\"},{\"subject\":\"/b//c\"}]}")
                                .getMessage())
                .startsWith("subjects[1].subject \"/b//c\" is not a valid subject");
        assertThat(
                        failure(
                                        "{\"type\":\"unsubscribe\",\"id\":\"u\",\"subjects\":[\"/a\",\"x\"]}")
                                .code())
                .isEqualTo(ErrorCode.INVALID_SUBJECT);
    }

    @Test
    void rejectsUnpairedSurrogatesThatWouldNotSurviveUtf8() {
        FrameDecodeException e =
                failure(
                        "{\"type\":\"publish\",\"id\":\"p\",\"subject\":\"/a\",\"content\":\"x\\ud800y\"}");
        assertThat(e.code()).isEqualTo(ErrorCode.BAD_REQUEST);
        assertThat(e.getMessage()).isEqualTo("content is not valid Unicode (unpaired surrogate)");
        assertThat(failure("{\"type\":\"ping\",\"id\":\"\\udc00\"}").requestId()).isEmpty();
    }

    @Test
    void rejectsInvalidUtf8Bytes() {
        byte[] bytes = {'{', '"', 't', 'y', 'p', 'e', '"', ':', '"', (byte) 0xC3, '(', '"', '}'};
        FrameDecodeException e =
                catchThrowableOfType(
                        FrameDecodeException.class,
                        () -> codec.decodeClientFrame(bytes, 0, bytes.length));
        assertThat(e.code()).isEqualTo(ErrorCode.BAD_REQUEST);
    }

    @Test
    void decodesAFrameInsideALargerBuffer() throws Exception {
        byte[] json = "xx{\"type\":\"ping\",\"id\":\"1\"}yy".getBytes(StandardCharsets.UTF_8);
        assertThat(codec.decodeClientFrame(json, 2, json.length - 4))
                .isEqualTo(new ClientFrame.Ping("1"));
    }

    @Test
    void boundsFrameSizeNestingNamesAndNumbers() {
        FrameCodec small = new FrameCodec(1024);
        String big =
                "{\"type\":\"publish\",\"id\":\"p\",\"subject\":\"/a\",\"content\":\""
                        + "x".repeat(1024)
                        + "\"}";
        FrameDecodeException tooBig =
                catchThrowableOfType(
                        FrameDecodeException.class, () -> small.decodeClientFrame(big));
        assertThat(tooBig.code()).isEqualTo(ErrorCode.BAD_REQUEST);
        assertThat(tooBig.getMessage()).contains("exceeds the limit of 1024");
        byte[] bigBytes = big.getBytes(StandardCharsets.UTF_8);
        assertThat(
                        catchThrowableOfType(
                                        FrameDecodeException.class,
                                        () -> small.decodeClientFrame(bigBytes, 0, bigBytes.length))
                                .code())
                .isEqualTo(ErrorCode.BAD_REQUEST);

        String deep =
                "{\"type\":\"ping\",\"id\":\"1\",\"x\":" + "[".repeat(100) + "]".repeat(100) + "}";
        assertThat(failure(deep).getMessage()).startsWith("malformed JSON").contains("depth");

        String longName = "{\"type\":\"ping\",\"id\":\"1\",\"" + "n".repeat(2000) + "\":1}";
        assertThat(failure(longName).code()).isEqualTo(ErrorCode.BAD_REQUEST);

        String longNumber = "{\"type\":\"ping\",\"id\":\"1\",\"x\":" + "9".repeat(100) + "}";
        assertThat(failure(longNumber).code()).isEqualTo(ErrorCode.BAD_REQUEST);
    }

    @Test
    void cutsEchoedHostileInputInErrorMessages() {
        FrameDecodeException e = failure("{\"type\":\"" + "z".repeat(5000) + "\"}");
        assertThat(e.getMessage()).hasSizeLessThan(200).contains("(5000 chars)");
        FrameDecodeException junk = failure("x".repeat(5000));
        assertThat(junk.getMessage().length()).isLessThan(300);
    }
}
