package io.herald.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class FreePortsTest {

    @Test
    void portsAreDistinctBindableAndBelowTheEphemeralRange() throws IOException {
        assumeTrue(
                Files.isReadable(Path.of("/proc/sys/net/ipv4/ip_local_port_range")),
                "the kernel's ephemeral range is known on Linux only");
        assertThat(FreePorts.CEILING).as("ephemeral range read").isGreaterThan(FreePorts.LOWEST);
        Set<Integer> seen = new HashSet<>();
        for (int i = 0; i < 200; i++) {
            int port = FreePorts.next();
            assertThat(seen.add(port)).as("port %d handed out twice", port).isTrue();
            assertThat(port).isBetween(FreePorts.LOWEST, FreePorts.CEILING - 1);
            try (ServerSocket s = new ServerSocket()) {
                s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
            }
        }
    }

    @Test
    void aPortInUseIsSkipped() throws IOException {
        int first = FreePorts.next();
        try (ServerSocket held = new ServerSocket()) {
            held.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), first + 1));
            assertThat(FreePorts.next()).isNotEqualTo(first + 1);
        }
    }
}
