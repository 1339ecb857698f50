package io.herald.bench.proc;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * CPU time and resident memory of a process from Linux's {@code /proc}: {@code utime + stime} of
 * {@code /proc/<pid>/stat} (clock ticks, 100 per second on Linux) and {@code VmRSS} of {@code
 * /proc/<pid>/status}. Only the process's own threads count, not its children's.
 */
public final class ProcStat {
    private static final long NANOS_PER_TICK = 10_000_000L;

    private ProcStat() {}

    /** CPU time (user + system) used so far by {@code pid}, in nanoseconds; 0 once it is gone. */
    public static long cpuNanos(long pid) {
        String stat;
        try {
            stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
        } catch (IOException gone) {
            return 0;
        }
        // The command name (field 2) may hold spaces: fields are counted after its ')'.
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return (Long.parseLong(f[11]) + Long.parseLong(f[12])) * NANOS_PER_TICK;
    }

    /** The summed CPU time of {@code pids}, in nanoseconds. */
    public static long cpuNanos(List<Long> pids) {
        return pids.stream().mapToLong(ProcStat::cpuNanos).sum();
    }

    /** Resident set size of {@code pid} in bytes. */
    public static long rssBytes(long pid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
                }
            }
        } catch (IOException gone) {
            return 0;
        }
        return 0;
    }

    /** The summed resident set size of {@code pids}, in bytes. */
    public static long rssBytes(List<Long> pids) {
        return pids.stream().mapToLong(ProcStat::rssBytes).sum();
    }

    /** The 1-minute load average of the machine, as {@code /proc/loadavg} says. */
    public static double loadAverage() {
        try {
            return Double.parseDouble(Files.readString(Path.of("/proc/loadavg")).split(" ")[0]);
        } catch (IOException e) {
            return -1;
        }
    }

    /** The CPU time of the calling JVM so far, in nanoseconds. */
    public static long selfCpuNanos() {
        return cpuNanos(ProcessHandle.current().pid());
    }
}
