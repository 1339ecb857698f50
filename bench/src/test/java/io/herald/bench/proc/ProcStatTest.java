package io.herald.bench.proc;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ProcStatTest {
    @Test
    void readsThisJvmsCpuTimeAndMemory() {
        long pid = ProcessHandle.current().pid();
        assertThat(ProcStat.cpuNanos(pid)).isPositive();
        assertThat(ProcStat.rssBytes(pid)).isGreaterThan(1 << 20);
        assertThat(ProcStat.loadAverage()).isNotNegative();
    }

    @Test
    void aProcessThatIsGoneCountsNothing() {
        assertThat(ProcStat.cpuNanos(Long.MAX_VALUE)).isZero();
        assertThat(ProcStat.rssBytes(Long.MAX_VALUE)).isZero();
    }
}
