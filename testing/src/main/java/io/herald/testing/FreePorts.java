package io.herald.testing;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Free loopback ports chosen at run time, for servers a test starts later (often in another
 * process).
 *
 * <p>A port is chosen below the kernel's ephemeral range ({@code
 * /proc/sys/net/ipv4/ip_local_port_range}): the kernel picks the local port of every outgoing
 * connection from that range, so a port handed out from inside it can be taken by some client's
 * connection before the server binds it ("Address already in use": it happened to a broker of a
 * suite whose other processes were busy connecting). Below the range only another server can take
 * it. Ports are handed out in order from a random start, each one once per JVM, and only if it can
 * be bound now.
 */
public final class FreePorts {

    /** The lowest port handed out: above the well-known and most registered service ports. */
    static final int LOWEST = 10_000;

    private static final String EPHEMERAL_RANGE = "/proc/sys/net/ipv4/ip_local_port_range";

    /** The first port of the kernel's ephemeral range (0 where unknown). */
    static final int CEILING = ephemeralStart();

    private static final AtomicInteger NEXT =
            new AtomicInteger(
                    CEILING > LOWEST
                            ? LOWEST + ThreadLocalRandom.current().nextInt(CEILING - LOWEST)
                            : 0);

    private FreePorts() {}

    /** A port that was free on 127.0.0.1 a moment ago, and that no connection will take. */
    public static int next() {
        if (CEILING <= LOWEST) {
            return anyFree();
        }
        int span = CEILING - LOWEST;
        for (int tried = 0; tried < span; tried++) {
            int port = LOWEST + Math.floorMod(NEXT.getAndIncrement() - LOWEST, span);
            if (bindable(port)) {
                return port;
            }
        }
        throw new IllegalStateException(
                "no free port on 127.0.0.1 between " + LOWEST + " and " + CEILING);
    }

    private static boolean bindable(int port) {
        try (ServerSocket s = new ServerSocket()) {
            s.setReuseAddress(false);
            s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 1);
            return true;
        } catch (IOException taken) {
            return false;
        }
    }

    /** Where the ephemeral range is unknown (not Linux): any port the kernel says is free. */
    private static int anyFree() {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static int ephemeralStart() {
        // Not Files.readString: it trusts the size a /proc file reports, and reads too little.
        try (BufferedReader reader = Files.newBufferedReader(Path.of(EPHEMERAL_RANGE))) {
            return Integer.parseInt(reader.readLine().trim().split("\\s+")[0]);
        } catch (IOException | RuntimeException unknown) {
            return 0;
        }
    }
}
