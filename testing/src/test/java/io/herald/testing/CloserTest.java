package io.herald.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchException;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class CloserTest {

    @Test
    void closesEveryResourceInOrderSkippingNulls() throws Exception {
        List<String> closed = new ArrayList<>();
        Closer.closeAll(() -> closed.add("edge"), null, () -> closed.add("broker"));
        assertThat(closed).containsExactly("edge", "broker");
    }

    @Test
    void aFailingCloseDoesNotStopTheOthersAndTheFirstFailureIsThrown() {
        List<String> closed = new ArrayList<>();
        Exception thrown =
                catchException(
                        () ->
                                Closer.closeAll(
                                        () -> {
                                            throw new IllegalStateException("first");
                                        },
                                        () -> {
                                            throw new IllegalStateException("second");
                                        },
                                        () -> closed.add("broker")));
        assertThat(closed).containsExactly("broker");
        assertThat(thrown).hasMessage("first");
        assertThat(thrown.getSuppressed())
                .extracting(Throwable::getMessage)
                .containsExactly("second");
    }
}
