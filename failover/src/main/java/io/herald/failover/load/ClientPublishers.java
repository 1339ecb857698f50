package io.herald.failover.load;

import io.herald.client.ConnectionState;
import io.herald.client.HeraldClient;
import io.herald.client.HeraldClientConfig;
import io.herald.client.HeraldListener;
import io.herald.wire.Position;
import io.herald.wire.Subject;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Publishers on the Java client, through the edges (where {@link Publisher} writes to Kafka
 * directly): one client per subject publishes that subject's messages 0, 1, 2, ... ({@link
 * LoadMessage}), keeping up to {@code inFlight} of them awaiting their ack, so that at any moment
 * some publishes sit between their edge and their ack. The clients resend those when their edge
 * dies; every publish must still be acknowledged, with the position it was sequenced at once.
 */
public final class ClientPublishers implements AutoCloseable {

    private final List<Subject> subjects;
    private final List<HeraldClient> clients = new ArrayList<>();
    private final List<AtomicReference<URI>> connectedTo = new ArrayList<>();
    private final List<List<Sent>> sent = new ArrayList<>();
    private final int inFlight;

    /** Connects one client per subject to {@code edges} (each starts at a random one). */
    public ClientPublishers(List<URI> edges, List<Subject> subjects, int inFlight) {
        this.subjects = List.copyOf(subjects);
        this.inFlight = inFlight;
        for (int i = 0; i < subjects.size(); i++) {
            AtomicReference<URI> edge = new AtomicReference<>();
            HeraldClient client =
                    HeraldClient.create(
                            HeraldClientConfig.builder(edges)
                                    .publishTimeout(Duration.ofSeconds(60))
                                    .build(),
                            new HeraldListener() {
                                @Override
                                public void onStateChange(ConnectionState state, URI at) {
                                    edge.set(state == ConnectionState.CONNECTED ? at : null);
                                }
                            });
            connectedTo.add(edge);
            clients.add(client);
            sent.add(new CopyOnWriteArrayList<>());
            client.start();
        }
    }

    /**
     * Publishes the next {@code count} messages of every subject, round-robin, waiting for the ack
     * of the message {@code inFlight} before each one; at most {@code timeout} per ack.
     */
    public void publish(int count, Duration timeout) throws Exception {
        for (int n = 0; n < count; n++) {
            for (int i = 0; i < clients.size(); i++) {
                List<Sent> mine = sent.get(i);
                int number = mine.size();
                long now = System.nanoTime();
                mine.add(
                        new Sent(
                                now,
                                clients.get(i)
                                        .publish(
                                                subjects.get(i),
                                                new LoadMessage(number, now).content())));
                if (number >= inFlight) {
                    mine.get(number - inFlight)
                            .ack()
                            .get(timeout.toMillis(), TimeUnit.MILLISECONDS);
                }
            }
        }
    }

    /** Waits for every ack; per subject, the acknowledged positions in publish order. */
    public Map<String, List<Position>> acknowledged(Duration timeout) throws Exception {
        Map<String, List<Position>> out = new HashMap<>();
        for (int i = 0; i < clients.size(); i++) {
            List<Position> positions = new ArrayList<>();
            for (Sent s : sent.get(i)) {
                positions.add(s.ack().get(timeout.toMillis(), TimeUnit.MILLISECONDS));
            }
            out.put(subjects.get(i).toString(), positions);
        }
        return out;
    }

    /** How many messages each subject got (numbers 0 to count - 1). */
    public Map<String, Long> published() {
        Map<String, Long> out = new HashMap<>();
        for (int i = 0; i < clients.size(); i++) {
            out.put(subjects.get(i).toString(), (long) sent.get(i).size());
        }
        return out;
    }

    /** Whether every publisher is connected to an edge. */
    public boolean allConnected() {
        return connectedTo.stream().allMatch(e -> e.get() != null);
    }

    /**
     * Per edge the publishers are connected to now, how many of their publishes await an ack
     * although published at least {@code olderThan} ago: long enough to have been written to Kafka
     * by that edge, so that its death leaves them between their first copy and their ack (a publish
     * still in the client's queue or on its way would merely go to the next edge first).
     */
    public Map<URI, Integer> awaitingAcksByEdge(Duration olderThan) {
        long before = System.nanoTime() - olderThan.toNanos();
        Map<URI, Integer> out = new HashMap<>();
        for (int i = 0; i < clients.size(); i++) {
            URI edge = connectedTo.get(i).get();
            if (edge != null) {
                int awaiting =
                        (int)
                                sent.get(i).stream()
                                        .filter(s -> s.atNanos() <= before && !s.ack().isDone())
                                        .count();
                out.merge(edge, awaiting, Integer::sum);
            }
        }
        return out;
    }

    /** One publish: when it was handed to the client, and its ack. */
    private record Sent(long atNanos, CompletableFuture<Position> ack) {}

    @Override
    public void close() {
        clients.forEach(HeraldClient::close);
    }
}
