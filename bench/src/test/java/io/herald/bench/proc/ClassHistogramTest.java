package io.herald.bench.proc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ClassHistogramTest {
    private static final String BEFORE =
            """
            12345:
             num     #instances         #bytes  class name (module)
            -------------------------------------------------------
               1:          1000         200000  [B (java.base@17.0.13)
               2:           500          12000  java.lang.String (java.base@17.0.13)
               3:            10            480  io.netty.channel.DefaultChannelPipeline
            Total          1510         212480
            """;
    private static final String AFTER =
            """
            12345:
             num     #instances         #bytes  class name (module)
            -------------------------------------------------------
               1:          3000         260000  [B (java.base@17.0.13)
               2:           400           9600  java.lang.String (java.base@17.0.13)
               3:           110           5280  io.netty.channel.DefaultChannelPipeline
               4:           100           2400  io.herald.edge.session.Connection
            Total          3610         277280
            """;

    @Test
    void everyChangedClassIsListedWithItsGrowthMostBytesFirst() {
        ClassHistogram before = ClassHistogram.parse(BEFORE);
        ClassHistogram after = ClassHistogram.parse(AFTER);

        assertThat(after.growthSince(before))
                .containsExactly(
                        new ClassHistogram.Entry("[B", 2000, 60000),
                        new ClassHistogram.Entry(
                                "io.netty.channel.DefaultChannelPipeline", 100, 4800),
                        new ClassHistogram.Entry("io.herald.edge.session.Connection", 100, 2400),
                        new ClassHistogram.Entry("java.lang.String", -100, -2400));
        assertThat(after.growthSince(after)).isEmpty();
    }

    @Test
    void somethingThatIsNotAHistogramIsAnError() {
        assertThatThrownBy(() -> ClassHistogram.parse("12345:\nCommand executed successfully\n"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not a class histogram");
    }
}
