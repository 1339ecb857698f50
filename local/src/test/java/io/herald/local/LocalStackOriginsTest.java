package io.herald.local;

import static org.assertj.core.api.Assertions.assertThat;

import io.herald.edge.EdgeConfig;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LocalStackOriginsTest {
    @Test
    void theEdgesAcceptWebSocketsFromTheDemoPagesOriginsOnly() {
        String origins = LocalStack.pageOrigins(List.of(8081, 8082));
        assertThat(origins)
                .isEqualTo(
                        "http://127.0.0.1:8081,http://localhost:8081,"
                                + "http://127.0.0.1:8082,http://localhost:8082");
        EdgeConfig edge = EdgeConfig.parse(new String[] {"--allowed-origins", origins}, Map.of());
        assertThat(edge.transport().allowedOrigins()).hasSize(4).contains("http://localhost:8082");
    }
}
