package io.herald.edge.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.herald.edge.Edge;
import io.herald.wire.Position;
import io.herald.wire.frame.EdgeFrame;

/**
 * A well-behaved client subscribed to a subject of its own while an attack runs: {@link
 * #receives()} publishes the next message on it (as the sequencer would) and waits for it.
 */
final class Bystander implements AutoCloseable {
    private final RawClient client;
    private final SequencedWriter writer;
    private final String subject;
    private long seq;

    private Bystander(RawClient client, SequencedWriter writer, String subject) {
        this.client = client;
        this.writer = writer;
        this.subject = subject;
    }

    static Bystander subscribe(Edge edge, SequencedWriter writer, String subject) throws Exception {
        return subscribe(RawClient.connect(edge.port()), writer, subject);
    }

    /** Subscribes {@code client} (connected, and authenticated if the edge wants it). */
    static Bystander subscribe(RawClient client, SequencedWriter writer, String subject)
            throws Exception {
        client.send(
                "{\"type\":\"subscribe\",\"id\":\"b\",\"subjects\":[{\"subject\":\""
                        + subject
                        + "\"}]}");
        client.next(EdgeFrame.Subscribed.class);
        return new Bystander(client, writer, subject);
    }

    /** A message published now reaches the bystander, in order. */
    void receives() throws Exception {
        Position p = new Position(1, seq++);
        writer.write(subject, p, "tick-" + p.seq());
        writer.flush();
        assertThat(client.next(EdgeFrame.Message.class).position()).isEqualTo(p);
    }

    @Override
    public void close() {
        client.close();
    }
}
