package io.herald.failover.zookeeper;

import io.herald.failover.process.ChildLogging;
import io.herald.failover.process.ChildProcess;
import io.herald.failover.process.JvmCommand;
import io.herald.failover.process.ProcessSupervisor;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A single ZooKeeper server as a child JVM ({@code ZooKeeperServerMain} from the Maven artifact),
 * on a loopback port: the coordination service of Flink's high availability. One node is enough for
 * the suite, which kills JobManagers, not ZooKeeper.
 *
 * <p>The tick is 500 ms so that sessions may be as short as 1 s (ZooKeeper allows 2 to 20 ticks): a
 * JobManager killed with {@code kill -9} keeps its leadership until its session expires, so the
 * session timeout Flink asks for bounds how fast a standby takes over.
 */
public final class ZooKeeperNode implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ZooKeeperNode.class);
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(60);

    private final int port;
    private final ChildProcess process;

    private ZooKeeperNode(int port, ChildProcess process) {
        this.port = port;
        this.process = process;
    }

    /** Starts the server on {@code port} with its data in {@code dir}; returns once it serves. */
    public static ZooKeeperNode start(
            ProcessSupervisor supervisor,
            String classpath,
            ChildLogging logging,
            int port,
            Path dir)
            throws InterruptedException {
        Path config = dir.resolve("zoo.cfg");
        String text =
                String.join(
                        "\n",
                        "tickTime=500",
                        "minSessionTimeout=1000",
                        "maxSessionTimeout=10000",
                        "dataDir=" + dir.resolve("data"),
                        "clientPortAddress=127.0.0.1",
                        "clientPort=" + port,
                        "maxClientCnxns=0",
                        "admin.enableServer=false",
                        "4lw.commands.whitelist=ruok",
                        "");
        try {
            Files.createDirectories(dir.resolve("data"));
            Files.writeString(config, text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<String> jvm = new ArrayList<>(List.of("-Xmx128m", "-XX:+UseSerialGC"));
        jvm.addAll(logging.jvmOptions(supervisor.logDir().resolve("zookeeper.log4j")));
        ChildProcess process =
                supervisor.start(
                        JvmCommand.mainClass(
                                "zookeeper",
                                classpath,
                                "org.apache.zookeeper.server.ZooKeeperServerMain",
                                jvm,
                                List.of(config.toString()),
                                dir));
        ZooKeeperNode node = new ZooKeeperNode(port, process);
        node.awaitServing();
        LOG.info("zookeeper up connect={}", node.connectString());
        return node;
    }

    /** {@code 127.0.0.1:<port>}: Flink's {@code high-availability.zookeeper.quorum}. */
    public String connectString() {
        return "127.0.0.1:" + port;
    }

    /** Waits until the server answers ZooKeeper's {@code ruok} with {@code imok}. */
    private void awaitServing() throws InterruptedException {
        long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
        String last = "";
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("zookeeper exited:\n" + process.logTail(40));
            }
            try {
                if ("imok".equals(ruok())) {
                    return;
                }
            } catch (IOException notYet) {
                last = notYet.toString();
            }
            Thread.sleep(100);
        }
        throw new IllegalStateException(
                "zookeeper not serving after " + READY_TIMEOUT + ": " + last);
    }

    private String ruok() throws IOException {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 1000);
            s.setSoTimeout(2000);
            OutputStream out = s.getOutputStream();
            out.write("ruok".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = s.getInputStream();
            return new String(in.readNBytes(4), StandardCharsets.US_ASCII);
        }
    }

    @Override
    public void close() {
        process.kill();
    }
}
