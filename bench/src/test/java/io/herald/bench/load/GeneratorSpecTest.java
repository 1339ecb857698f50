package io.herald.bench.load;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class GeneratorSpecTest {
    @Test
    void survivesTheTripThroughAChildProcessArguments() {
        GeneratorSpec spec =
                new GeneratorSpec(
                        GeneratorSpec.Protocol.HERALD, 8081, 10000, 9000, 1000, 1, 1, 0, 1000);
        assertThat(GeneratorSpec.fromArgs(spec.toArgs().toArray(String[]::new))).isEqualTo(spec);
        assertThat(spec.resumes()).isTrue();
    }

    @Test
    void heraldSubjectsAreKeysOfTheLocalStacksSourceTopic() {
        assertThat(GeneratorSpec.subject(7)).isEqualTo("/demo/s7");
        assertThat(GeneratorSpec.channel(7)).isEqualTo("s7");
    }
}
