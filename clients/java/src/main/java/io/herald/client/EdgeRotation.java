package io.herald.client;

import java.net.URI;
import java.util.List;
import java.util.random.RandomGenerator;

/**
 * The edges in configured order, starting at a random one (so that a crowd of clients spreads over
 * the edges), and moving to the next one on every attempt. Not thread-safe: used on the client's
 * loop.
 */
final class EdgeRotation {

    private final List<URI> edges;
    private int next;

    EdgeRotation(List<URI> edges, RandomGenerator random) {
        this.edges = List.copyOf(edges);
        this.next = random.nextInt(this.edges.size());
    }

    /** The edge for the next attempt; each call moves one further, wrapping around. */
    URI next() {
        URI edge = edges.get(next);
        next = (next + 1) % edges.size();
        return edge;
    }
}
