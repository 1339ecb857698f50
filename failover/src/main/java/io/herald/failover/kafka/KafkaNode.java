package io.herald.failover.kafka;

import io.herald.failover.process.ChildLogging;
import io.herald.failover.process.ChildProcess;
import io.herald.failover.process.JvmCommand;
import io.herald.failover.process.ProcessSupervisor;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * One combined KRaft node (broker and controller) as a child JVM: {@code kafka.Kafka
 * server.properties}, storage formatted once with {@code kafka.tools.StorageTool}. The node keeps
 * its ports and log folder across restarts, as a real broker restarted on the same host would.
 */
final class KafkaNode {

    private final int nodeId;
    private final int brokerPort;
    private final int controllerPort;
    private final Path dir;
    private final Path config;
    private ChildProcess process;
    private boolean killed;

    KafkaNode(int nodeId, int brokerPort, int controllerPort, Path dir) {
        this.nodeId = nodeId;
        this.brokerPort = brokerPort;
        this.controllerPort = controllerPort;
        this.dir = dir;
        this.config = dir.resolve("server.properties");
    }

    int nodeId() {
        return nodeId;
    }

    int brokerPort() {
        return brokerPort;
    }

    String voter() {
        return nodeId + "@127.0.0.1:" + controllerPort;
    }

    boolean isAlive() {
        return process != null && process.isAlive();
    }

    /** Whether the last stop was ours (kill or stop), as opposed to a crash. */
    boolean killedOnPurpose() {
        return killed;
    }

    ChildProcess process() {
        return process;
    }

    /** A listener of this node beyond PLAINTEXT, and the port it advertises. */
    record Listener(String name, int port, int advertisedPort) {}

    void writeConfig(String voters, Map<String, String> clusterSettings, List<Listener> extra) {
        Map<String, String> props = new TreeMap<>(clusterSettings);
        props.put("process.roles", "broker,controller");
        props.put("node.id", Integer.toString(nodeId));
        StringBuilder listeners =
                new StringBuilder(
                        "PLAINTEXT://127.0.0.1:"
                                + brokerPort
                                + ",CONTROLLER://127.0.0.1:"
                                + controllerPort);
        StringBuilder advertised = new StringBuilder("PLAINTEXT://127.0.0.1:" + brokerPort);
        StringBuilder protocols = new StringBuilder("PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
        for (Listener l : extra) {
            listeners.append(',').append(l.name()).append("://127.0.0.1:").append(l.port());
            advertised
                    .append(',')
                    .append(l.name())
                    .append("://127.0.0.1:")
                    .append(l.advertisedPort());
            protocols.append(',').append(l.name()).append(":PLAINTEXT");
        }
        props.put("listeners", listeners.toString());
        props.put("advertised.listeners", advertised.toString());
        props.put("controller.listener.names", "CONTROLLER");
        props.put("inter.broker.listener.name", "PLAINTEXT");
        props.put("listener.security.protocol.map", protocols.toString());
        props.put("controller.quorum.voters", voters);
        props.put("log.dirs", dir.resolve("data").toString());
        String text =
                props.entrySet().stream()
                        .map(e -> e.getKey() + "=" + e.getValue())
                        .collect(Collectors.joining("\n", "", "\n"));
        try {
            Files.createDirectories(dir);
            Files.writeString(config, text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Formats the storage (a static voter set, so neither --standalone nor --initial-controllers).
     */
    JvmCommand formatCommand(
            String classpath, String clusterId, ChildLogging logging, Path logDir) {
        return JvmCommand.mainClass(
                "kafka-" + nodeId + "-format",
                classpath,
                "kafka.tools.StorageTool",
                toolJvmOptions(logging, logDir),
                List.of("format", "-t", clusterId, "-c", config.toString()),
                dir);
    }

    void start(ProcessSupervisor supervisor, String classpath, ChildLogging logging) {
        if (isAlive()) {
            throw new IllegalStateException("kafka-" + nodeId + " is already running");
        }
        killed = false;
        process =
                supervisor.start(
                        JvmCommand.mainClass(
                                "kafka-" + nodeId,
                                classpath,
                                "kafka.Kafka",
                                jvmOptions(logging, supervisor.logDir(), "-Xmx640m"),
                                List.of(config.toString()),
                                dir));
    }

    /** A short-lived tool: small heap, C1 only (starts faster, runs for a second). */
    private List<String> toolJvmOptions(ChildLogging logging, Path logDir) {
        List<String> options = new ArrayList<>(List.of("-XX:TieredStopAtLevel=1"));
        options.addAll(jvmOptions(logging, logDir, "-Xmx256m"));
        return options;
    }

    private List<String> jvmOptions(ChildLogging logging, Path logDir, String heap) {
        List<String> options =
                new ArrayList<>(
                        List.of(
                                heap,
                                "-Xms128m",
                                "-XX:+UseParallelGC",
                                "-Djava.awt.headless=true"));
        options.addAll(logging.jvmOptions(logDir.resolve("kafka-" + nodeId + ".log4j")));
        return options;
    }

    void kill() {
        killed = true;
        if (process != null) {
            process.kill();
        }
    }
}
