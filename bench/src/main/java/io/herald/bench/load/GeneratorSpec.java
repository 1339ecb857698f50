package io.herald.bench.load;

import java.util.ArrayList;
import java.util.List;

/**
 * What one load-generator process does: {@code count} WebSocket connections numbered from {@code
 * first}; connection {@code i} subscribes to subject {@code i % subjects}. With {@link
 * Protocol#HERALD} it connects to {@code /ws} and sends a {@code subscribe} frame (resuming after
 * {@code (resumeEpoch, resumeFrom)} when {@code resumeUntil >= 0}, done once it has {@code seq ==
 * resumeUntil}); with {@link Protocol#CHANNEL} it connects to {@code /sub/s<n>} (nchan and the bare
 * Netty server), where the URL is the subscription.
 */
public record GeneratorSpec(
        Protocol protocol,
        int port,
        int first,
        int count,
        int subjects,
        int threads,
        long resumeEpoch,
        long resumeFrom,
        long resumeUntil) {

    /** How a connection subscribes. */
    public enum Protocol {
        HERALD,
        CHANNEL
    }

    /**
     * The subject prefix of Herald's subjects: subject n is {@code /demo/s<n>}, key {@code s<n>} on
     * topic {@code demo}, the local stack's source topic.
     */
    public static final String SUBJECT_PREFIX = "/demo/s";

    /** Herald's subject number {@code n}. */
    public static String subject(int n) {
        return SUBJECT_PREFIX + n;
    }

    /** nchan's and the bare server's channel number {@code n}. */
    public static String channel(int n) {
        return "s" + n;
    }

    /**
     * Event loops per generator process: two, as many as the servers have, so that a generator gets
     * its share of a busy machine's cores.
     */
    public static final int THREADS = 2;

    /** {@code count} live subscribers, connection i on subject i % subjects. */
    public static GeneratorSpec live(Protocol protocol, int port, int count, int subjects) {
        return new GeneratorSpec(protocol, port, 0, count, subjects, THREADS, 0, 0, -1);
    }

    /**
     * {@code count} Herald subscribers resuming after {@code (epoch, from)} until {@code until}.
     */
    public static GeneratorSpec resuming(
            int port, int count, int subjects, long epoch, long from, long until) {
        return new GeneratorSpec(
                Protocol.HERALD, port, 0, count, subjects, THREADS, epoch, from, until);
    }

    boolean resumes() {
        return resumeUntil >= 0;
    }

    /** The arguments of {@link GeneratorMain} that give this spec. */
    public List<String> toArgs() {
        List<String> a = new ArrayList<>();
        a.add(protocol.name());
        for (long v :
                new long[] {
                    port, first, count, subjects, threads, resumeEpoch, resumeFrom, resumeUntil
                }) {
            a.add(Long.toString(v));
        }
        return a;
    }

    static GeneratorSpec fromArgs(String[] a) {
        return new GeneratorSpec(
                Protocol.valueOf(a[0]),
                Integer.parseInt(a[1]),
                Integer.parseInt(a[2]),
                Integer.parseInt(a[3]),
                Integer.parseInt(a[4]),
                Integer.parseInt(a[5]),
                Long.parseLong(a[6]),
                Long.parseLong(a[7]),
                Long.parseLong(a[8]));
    }
}
