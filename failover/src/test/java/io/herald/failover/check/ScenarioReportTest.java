package io.herald.failover.check;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ScenarioReportTest {

    private static final Map<String, Long> PUBLISHED = Map.of("/t/a", 2L);

    private static ReaderTotals read(long... numbers) {
        ReaderLog log = new ReaderLog("r", List.of("/t/a"), new FaultTimeline());
        long epoch = 1;
        long seq = 0;
        long previous = -1;
        for (long n : numbers) {
            if (n <= previous) {
                epoch++;
                seq = 0;
            }
            log.delivered("/t/a", epoch, seq++, n, 0, 0);
            previous = n;
        }
        return log.totals(PUBLISHED);
    }

    @Test
    void aRepeatInTheSequencedTopicFailsAnExactlyOnceScenario() {
        ScenarioReport report = new ScenarioReport("s", 2, 0, read(0, 1), read(0, 1, 1), false);

        assertThat(report.clean()).isFalse();
    }

    @Test
    void aRepeatUnderANewEpochIsAllowedInTheTopicOfAnAtLeastOnceScenarioButNotForClients() {
        ScenarioReport ok = new ScenarioReport("s", 2, 0, read(0, 1), read(0, 1, 1), true);
        ScenarioReport clientSawIt = new ScenarioReport("s", 2, 0, read(0, 1, 1), read(0, 1), true);

        assertThat(ok.clean()).isTrue();
        assertThat(ok.row()).contains("| s ");
        assertThat(clientSawIt.clean()).isFalse();
    }

    @Test
    void aLossInTheTopicFailsEvenAnAtLeastOnceScenario() {
        ScenarioReport report = new ScenarioReport("s", 2, 0, read(0, 1), read(0), true);

        assertThat(report.clean()).isFalse();
    }

    @Test
    void aFailedPublishFailsTheScenario() {
        ScenarioReport report = new ScenarioReport("s", 2, 1, read(0, 1), read(0, 1), false);

        assertThat(report.clean()).isFalse();
    }
}
