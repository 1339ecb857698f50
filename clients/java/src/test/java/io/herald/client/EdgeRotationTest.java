package io.herald.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

class EdgeRotationTest {

    private static final List<URI> EDGES =
            List.of(URI.create("ws://a/ws"), URI.create("ws://b/ws"), URI.create("ws://c/ws"));

    @Test
    void movesToTheNextEdgeOnEveryAttemptAndWraps() {
        EdgeRotation rotation = new EdgeRotation(EDGES, new Random(5));
        URI first = rotation.next();
        int start = EDGES.indexOf(first);
        for (int i = 1; i <= 7; i++) {
            assertThat(rotation.next()).isEqualTo(EDGES.get((start + i) % EDGES.size()));
        }
    }

    @Test
    void clientsStartOnDifferentEdges() {
        Random random = new Random(11);
        Set<URI> firsts = new HashSet<>();
        for (int i = 0; i < 50; i++) {
            firsts.add(new EdgeRotation(EDGES, random).next());
        }
        assertThat(firsts).containsExactlyInAnyOrderElementsOf(EDGES);
    }

    @Test
    void aSingleEdgeIsRetriedItself() {
        EdgeRotation rotation = new EdgeRotation(List.of(EDGES.get(0)), new Random(1));
        assertThat(rotation.next()).isEqualTo(EDGES.get(0));
        assertThat(rotation.next()).isEqualTo(EDGES.get(0));
    }
}
