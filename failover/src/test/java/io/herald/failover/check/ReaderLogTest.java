package io.herald.failover.check;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ReaderLogTest {

    private static final long MS = 1_000_000;

    @Test
    void measuresTheGapAndTheRecoveryAfterAFault() {
        FaultTimeline faults = new FaultTimeline();
        ReaderLog log = new ReaderLog("c1", List.of("/t/a"), faults);
        log.delivered("/t/a", 1, 0, 0, 0, 10 * MS);
        faults.mark(100 * MS);
        // First delivery after the fault: a replayed message published before it.
        log.delivered("/t/a", 1, 1, 1, 90 * MS, 400 * MS);
        assertThat(log.recoveredFromAllFaults()).isFalse();
        // First message published after the fault.
        log.delivered("/t/a", 2, 0, 2, 150 * MS, 700 * MS);

        ReaderTotals t = log.totals(Map.of("/t/a", 3L));
        assertThat(log.recoveredFromAllFaults()).isTrue();
        assertThat(t.longestGapNanos()).isEqualTo(300 * MS);
        assertThat(t.longestRecoveryNanos()).isEqualTo(600 * MS);
        assertThat(t.faultsWithoutDelivery()).isZero();
        assertThat(t.clean()).isTrue();
    }

    @Test
    void measuresTheLongestSilenceBetweenDeliveries() {
        ReaderLog log = new ReaderLog("c1", List.of("/t/a"), new FaultTimeline());
        log.delivered("/t/a", 1, 0, 0, 0, 10 * MS);
        log.delivered("/t/a", 1, 1, 1, 0, 20 * MS);
        log.delivered("/t/a", 1, 2, 2, 0, 270 * MS);
        log.delivered("/t/a", 1, 3, 3, 0, 280 * MS);

        assertThat(log.totals(Map.of("/t/a", 4L)).longestSilenceNanos()).isEqualTo(250 * MS);
    }

    @Test
    void aFaultWithNoFreshDeliveryAfterItIsNotClean() {
        FaultTimeline faults = new FaultTimeline();
        ReaderLog log = new ReaderLog("c1", List.of("/t/a"), faults);
        log.delivered("/t/a", 1, 0, 0, 0, 10 * MS);
        faults.mark(100 * MS);

        ReaderTotals t = log.totals(Map.of("/t/a", 1L));
        assertThat(t.faultsWithoutDelivery()).isEqualTo(1);
        assertThat(t.faultsWithoutFreshDelivery()).isEqualTo(1);
        assertThat(t.clean()).isFalse();
    }

    @Test
    void aResumeAnsweredPartialIsCountedAndDescribed() {
        ReaderLog log = new ReaderLog("c1", List.of("/t/a"), new FaultTimeline());
        log.subscribed("/t/a", false, "none");
        log.subscribed("/t/a", true, "complete");
        log.subscribed("/t/a", true, "partial");

        ReaderTotals t = log.totals(Map.of());
        assertThat(t.resumes()).isEqualTo(2);
        assertThat(t.incompleteResumes()).isEqualTo(1);
        assertThat(t.firstProblem()).contains("recovery=partial");
        assertThat(t.clean()).isFalse();
    }

    @Test
    void sumsReadersAndNamesTheFirstLoss() {
        FaultTimeline faults = new FaultTimeline();
        ReaderLog a = new ReaderLog("a", List.of("/t/x"), faults);
        ReaderLog b = new ReaderLog("b", List.of("/t/x"), faults);
        a.delivered("/t/x", 1, 0, 0, 0, 1);
        a.delivered("/t/x", 1, 1, 1, 0, 2);
        b.delivered("/t/x", 1, 1, 1, 0, 2);
        Map<String, Long> published = Map.of("/t/x", 2L);

        ReaderTotals sum = a.totals(published).plus(b.totals(published));
        assertThat(sum.readers()).isEqualTo(2);
        assertThat(sum.expected()).isEqualTo(4);
        assertThat(sum.delivered()).isEqualTo(3);
        assertThat(sum.lost()).isEqualTo(1);
        assertThat(sum.firstProblem()).startsWith("b /t/x: lost=1");
        assertThat(a.hasAll(published)).isTrue();
        assertThat(b.hasAll(published)).isFalse();
    }
}
