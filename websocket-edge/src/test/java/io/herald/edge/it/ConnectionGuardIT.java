package io.herald.edge.it;

import static io.herald.edge.it.EdgeProtocolIT.config;
import static io.herald.edge.it.EdgeProtocolIT.startReady;
import static org.assertj.core.api.Assertions.assertThat;

import io.herald.edge.Edge;
import io.herald.testing.Closer;
import io.herald.testing.EmbeddedKafka;
import io.herald.testing.Poll;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Who may open a WebSocket on a real edge: at most {@code --max-connections} at once (HTTP 503 with
 * {@code Retry-After} beyond), and from a browser only the pages of {@code --allowed-origins} (HTTP
 * 403 for others). A bystander subscribed on the same edge keeps receiving throughout.
 */
class ConnectionGuardIT {
    private static final int MAX_CONNECTIONS = 3;

    @RegisterExtension
    static final EmbeddedKafka KAFKA =
            EmbeddedKafka.perClass().withTopic("messages.sequenced", 1).withTopic("demo", 1);

    private static Edge edge;
    private static final long HEAP_BOUND = 64L << 20;
    private static Bystander bystander;
    private static SequencedWriter writer;
    private final List<HttpUpgrade> held = new ArrayList<>();

    @BeforeAll
    static void start() throws Exception {
        edge =
                startReady(
                        config(
                                KAFKA,
                                "--max-connections",
                                String.valueOf(MAX_CONNECTIONS),
                                "--allowed-origins",
                                "http://good.example, https://App.Example:8443"));
        writer = new SequencedWriter(KAFKA, "messages.sequenced");
        bystander = Bystander.subscribe(RawClient.connect(edge.port()), writer, "/demo/bystander");
    }

    @AfterAll
    static void stop() throws Exception {
        Closer.closeAll(bystander, writer, edge);
    }

    @AfterEach
    void releaseAndCheckTheBystander() throws Exception {
        for (HttpUpgrade u : held) {
            u.close();
        }
        bystander.receives();
    }

    private HttpUpgrade upgrade(String origin) throws Exception {
        HttpUpgrade u = HttpUpgrade.send(edge.port(), origin);
        held.add(u);
        return u;
    }

    @Test
    void anUpgradeBeyondTheLimitGets503WithRetryAfterUntilAConnectionCloses() throws Exception {
        try (HeapWatch heap = new HeapWatch()) {
            // The bystander holds one slot.
            for (int i = 1; i < MAX_CONNECTIONS; i++) {
                assertThat(upgrade(null).status()).isEqualTo(101);
            }
            for (int i = 0; i < 200; i++) {
                try (HttpUpgrade refused = HttpUpgrade.send(edge.port(), null)) {
                    assertThat(refused.status()).isEqualTo(503);
                    assertThat(refused.header("Retry-After")).isEqualTo("5");
                }
            }
            bystander.receives();
            assertThat(heap.report("upgrades-beyond-max-connections")).isLessThan(HEAP_BOUND);
        }
        held.remove(0).close();
        Poll.until("a slot is free again", Duration.ofSeconds(10), this::upgradeAccepted);
    }

    private boolean upgradeAccepted() {
        try {
            return upgrade(null).status() == 101;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @ParameterizedTest
    @CsvSource({
        "http://evil.example",
        "null",
        "http://good.example.evil.example",
        "https://good.example",
        "http://good.example:8080"
    })
    void anUpgradeFromAnOriginNotAllowedGets403(String origin) throws Exception {
        HttpUpgrade u = upgrade(origin);
        assertThat(u.status()).isEqualTo(403);
        assertThat(u.header("Retry-After")).isNull();
    }

    @ParameterizedTest
    @CsvSource({"http://good.example", "https://app.example:8443", "HTTPS://APP.EXAMPLE:8443"})
    void anUpgradeFromAnAllowedOriginIsAccepted(String origin) throws Exception {
        assertThat(upgrade(origin).status()).isEqualTo(101);
    }

    @Test
    void anUpgradeWithoutOriginIsNotFromABrowserAndIsAccepted() throws Exception {
        assertThat(upgrade(null).status()).isEqualTo(101);
    }
}
