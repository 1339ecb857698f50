package io.herald.edge.it;

import static io.herald.edge.it.EdgeProtocolIT.config;
import static io.herald.edge.it.EdgeProtocolIT.startReady;
import static org.assertj.core.api.Assertions.assertThat;

import io.herald.edge.Edge;
import io.herald.testing.Closer;
import io.herald.testing.EmbeddedKafka;
import io.herald.wire.frame.EdgeFrame;
import io.herald.wire.frame.ErrorCode;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A publish {@code id} names one request: repeated with the same subject and content it is answered
 * once (the same acknowledgement), repeated with another subject or content while the first is
 * remembered it is {@code BAD_REQUEST}, never acknowledged with the first one's position nor
 * written to Kafka. On a real edge, with the sequencer's contract played by a relay.
 */
class PublishIdReuseIT {
    @RegisterExtension
    static final EmbeddedKafka KAFKA =
            EmbeddedKafka.perClass().withTopic("messages.sequenced", 1).withTopic("demo", 1);

    private static Edge edge;
    private static SourceRelay relay;
    private static Bystander bystander;
    private static SequencedWriter writer;

    @BeforeAll
    static void start() throws Exception {
        edge = startReady(config(KAFKA));
        relay = new SourceRelay(KAFKA, "demo", "messages.sequenced");
        writer = new SequencedWriter(KAFKA, "messages.sequenced");
        bystander = Bystander.subscribe(RawClient.connect(edge.port()), writer, "/other/bystander");
    }

    @AfterAll
    static void stop() throws Exception {
        Closer.closeAll(bystander, writer, relay, edge);
    }

    @AfterEach
    void theBystanderStillReceives() throws Exception {
        bystander.receives();
    }

    @Test
    void anIdReusedForAnotherSubjectOrContentIsABadRequestNeverAFalseAck() throws Exception {
        try (RawClient c = RawClient.connect(edge.port())) {
            c.send(RawClient.publishFrame("p1", "/demo/x", "first"));
            EdgeFrame.Published first = c.next(EdgeFrame.Published.class);
            assertThat(first.id()).isEqualTo("p1");
            int relayedAfterFirst = relay.relayed();

            c.send(RawClient.publishFrame("p1", "/demo/y", "first"));
            EdgeFrame.ErrorFrame otherSubject = c.next(EdgeFrame.ErrorFrame.class);
            assertThat(otherSubject.code()).isEqualTo(ErrorCode.BAD_REQUEST);
            assertThat(otherSubject.id()).isEqualTo("p1");

            c.send(RawClient.publishFrame("p1", "/demo/x", "second"));
            EdgeFrame.ErrorFrame otherContent = c.next(EdgeFrame.ErrorFrame.class);
            assertThat(otherContent.code()).isEqualTo(ErrorCode.BAD_REQUEST);

            c.send(RawClient.publishFrame("p1", "/demo/x", "first"));
            EdgeFrame.Published repeat = c.next(EdgeFrame.Published.class);
            assertThat(repeat.position()).isEqualTo(first.position());

            c.send(RawClient.publishFrame("p2", "/demo/x", "next"));
            assertThat(c.next(EdgeFrame.Published.class).id()).isEqualTo("p2");
            assertThat(relay.relayed()).isEqualTo(relayedAfterFirst + 1);
        }
    }

    @Test
    void anIdReusedWhileTheFirstIsPendingIsABadRequest() throws Exception {
        try (RawClient c = RawClient.connect(edge.port())) {
            c.send(RawClient.publishFrame("q1", "/demo/z", "one"));
            c.send(RawClient.publishFrame("q1", "/demo/z", "two"));
            // q1's acknowledgement may come before or after the answer to the second request.
            List<EdgeFrame> answers = List.of(c.next(), c.next());
            assertThat(answers)
                    .filteredOn(EdgeFrame.ErrorFrame.class::isInstance)
                    .singleElement()
                    .extracting(f -> ((EdgeFrame.ErrorFrame) f).code())
                    .isEqualTo(ErrorCode.BAD_REQUEST);
            assertThat(answers)
                    .filteredOn(EdgeFrame.Published.class::isInstance)
                    .singleElement()
                    .extracting(f -> ((EdgeFrame.Published) f).id())
                    .isEqualTo("q1");
        }
    }
}
