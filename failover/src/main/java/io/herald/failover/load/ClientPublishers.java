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
import java.util.concurrent.atomic.AtomicInteger;
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
    private final List<List<CompletableFuture<Position>>> acks = new ArrayList<>();
    private final List<AtomicInteger> awaiting = new ArrayList<>();
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
            acks.add(new CopyOnWriteArrayList<>());
            awaiting.add(new AtomicInteger());
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
                List<CompletableFuture<Position>> mine = acks.get(i);
                int number = mine.size();
                AtomicInteger unacked = awaiting.get(i);
                unacked.incrementAndGet();
                CompletableFuture<Position> ack =
                        clients.get(i)
                                .publish(
                                        subjects.get(i),
                                        new LoadMessage(number, System.nanoTime()).content());
                ack.whenComplete((position, error) -> unacked.decrementAndGet());
                mine.add(ack);
                if (number >= inFlight) {
                    mine.get(number - inFlight).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
                }
            }
        }
    }

    /** Waits for every ack; per subject, the acknowledged positions in publish order. */
    public Map<String, List<Position>> acknowledged(Duration timeout) throws Exception {
        Map<String, List<Position>> out = new HashMap<>();
        for (int i = 0; i < clients.size(); i++) {
            List<Position> positions = new ArrayList<>();
            for (CompletableFuture<Position> ack : acks.get(i)) {
                positions.add(ack.get(timeout.toMillis(), TimeUnit.MILLISECONDS));
            }
            out.put(subjects.get(i).toString(), positions);
        }
        return out;
    }

    /** How many messages each subject got (numbers 0 to count - 1). */
    public Map<String, Long> published() {
        Map<String, Long> out = new HashMap<>();
        for (int i = 0; i < clients.size(); i++) {
            out.put(subjects.get(i).toString(), (long) acks.get(i).size());
        }
        return out;
    }

    /** Whether every publisher is connected to an edge. */
    public boolean allConnected() {
        return connectedTo.stream().allMatch(e -> e.get() != null);
    }

    /**
     * Per edge the publishers are connected to now, how many of their publishes await an ack (the
     * publishes its death would leave in flight); an edge with publishers but none awaiting counts
     * 0.
     */
    public Map<URI, Integer> awaitingAcksByEdge() {
        Map<URI, Integer> out = new HashMap<>();
        for (int i = 0; i < clients.size(); i++) {
            URI edge = connectedTo.get(i).get();
            if (edge != null) {
                out.merge(edge, awaiting.get(i).get(), Integer::sum);
            }
        }
        return out;
    }

    @Override
    public void close() {
        clients.forEach(HeraldClient::close);
    }
}
