package io.herald.edge.log;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class LogSafeTest {
    @Test
    void plainValuesAreWrittenAsTheyAre() {
        assertThat(LogSafe.text("/demo/room-1")).isEqualTo("/demo/room-1");
        assertThat(LogSafe.text("edge:42:p-7")).isEqualTo("edge:42:p-7");
        assertThat(LogSafe.text(null)).isEqualTo("null");
    }

    @Test
    void aNewlineCannotStartAForgedLogLine() {
        String forged = "p1\n13:00:00.000 ERROR Edge [main] edge failed id=x";
        String safe = LogSafe.text(forged);
        assertThat(safe).doesNotContain("\n").doesNotContain("\r");
        assertThat(safe).isEqualTo("\"p1\\n13:00:00.000 ERROR Edge [main] edge failed id=x\"");
        assertThat(LogSafe.text("a\r\nb")).isEqualTo("\"a\\r\\nb\"");
    }

    @Test
    void aValueCannotPoseAsAnotherField() {
        assertThat(LogSafe.text("/demo/x subject=/admin/y"))
                .isEqualTo("\"/demo/x subject=/admin/y\"");
        assertThat(LogSafe.text("a\"b\\c")).isEqualTo("\"a\\\"b\\\\c\"");
        assertThat(LogSafe.text("")).isEqualTo("\"\"");
    }

    @Test
    void everyControlAndLineBreakingCharacterIsEscaped() {
        assertThat(LogSafe.text("a\u0000b\u001bc\u007fd\u0085e\u2028f\u2029g"))
                .isEqualTo("\"a\\u0000b\\u001bc\\u007fd\\u0085e\\u2028f\\u2029g\"");
        assertThat(LogSafe.text("é日本")).isEqualTo("\"é日本\"");
    }

    @Test
    void longValuesAreCutAndSaySo() {
        String safe = LogSafe.text("x".repeat(10_000));
        assertThat(safe).hasSize(LogSafe.MAX_CHARS + "\"\"…(10000 chars)".length());
        assertThat(safe).endsWith("…(10000 chars)\"");
    }
}
