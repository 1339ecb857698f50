package io.herald.bench.report;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ResultTableTest {
    @Test
    void alignsColumnsAndShowsEveryKeyOfEveryRow() {
        ResultTable t = new ResultTable("fanout");
        t.add("server", "herald", "us", 2.754);
        t.add("server", "nchan", "us", 1.7, "ratio", 1.62);
        assertThat(t.format())
                .isEqualTo(
                        "fanout\n"
                                + "server    us  ratio\n"
                                + "herald  2.75      -\n"
                                + " nchan  1.70   1.62\n");
    }

    @Test
    void roundsToTheDigitsThatMatter() {
        assertThat(ResultTable.text(123456.7)).isEqualTo("123457");
        assertThat(ResultTable.text(12.34)).isEqualTo("12.3");
        assertThat(ResultTable.text(0.01234)).isEqualTo("0.012");
        assertThat(ResultTable.text(42)).isEqualTo("42");
    }
}
