package io.herald.bench.proc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

class ChildTest {

    @TempDir Path dir;

    @Test
    void awaitLineReturnsTheFirstMatchingLine() {
        try (Child c =
                Child.start(
                        "echo", List.of("sh", "-c", "echo one; echo result 2"), dir.resolve("l"))) {
            assertThat(c.awaitLine(l -> l.startsWith("result "), Duration.ofSeconds(30)))
                    .isEqualTo("result 2");
        }
    }

    @Test
    void aChildThatEndsWithoutTheLineFailsWithItsExitCodeAndLog() {
        Path log = dir.resolve("failing.log");
        try (Child c =
                Child.start("failing", List.of("sh", "-c", "echo missing module; exit 3"), log)) {
            assertThatThrownBy(
                            () -> c.awaitLine(l -> l.startsWith("result "), Duration.ofMinutes(2)))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("exit code 3")
                    .hasMessageContaining(log.toString());
        }
    }

    @Test
    @Timeout(30) // without the deadline check between lines, awaitLine would wait for ever
    void aChildThatKeepsPrintingOtherLinesFailsAfterTheTimeout() {
        try (Child c =
                Child.start(
                        "chatty",
                        List.of("sh", "-c", "while true; do echo other; sleep 0.01; done"),
                        dir.resolve("c.log"))) {
            assertThatThrownBy(
                            () -> c.awaitLine(l -> l.startsWith("result "), Duration.ofMillis(500)))
                    .hasMessageContaining("no expected output after PT0.5S");
        }
    }

    @Test
    void aChildThatStaysSilentFailsAfterTheTimeout() {
        try (Child c = Child.start("silent", List.of("sleep", "60"), dir.resolve("s.log"))) {
            assertThatThrownBy(() -> c.awaitLine(l -> true, Duration.ofMillis(300)))
                    .hasMessageContaining("no expected output after PT0.3S");
        }
    }
}
