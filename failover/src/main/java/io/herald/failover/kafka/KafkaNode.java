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
 * One KRaft node, a broker or a controller, as a child JVM: {@code kafka.Kafka server.properties},
 * storage formatted once with {@code kafka.tools.StorageTool}. The node keeps its port and log
 * folder across restarts, as a real node restarted on the same host would.
 */
final class KafkaNode {

    /**
     * A JVM that does little work: a small heap, the client compiler only (C2's compilations would
     * cost more CPU than they save) and the serial collector.
     */
    private static final List<String> LIGHT_JVM =
            List.of("-Xmx256m", "-Xms64m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC");

    /** What the node runs: {@code process.roles}. */
    enum Role {
        BROKER("broker", "kafka-", List.of("-Xmx640m", "-Xms128m", "-XX:+UseParallelGC")),
        /** A controller only answers heartbeats and writes metadata: a light JVM. */
        CONTROLLER("controller", "kafka-controller-", LIGHT_JVM);

        private final String processRoles;
        private final String namePrefix;
        private final List<String> jvmFlags;

        Role(String processRoles, String namePrefix, List<String> jvmFlags) {
            this.processRoles = processRoles;
            this.namePrefix = namePrefix;
            this.jvmFlags = jvmFlags;
        }

        /** The node's name in logs and for its folder, e.g. {@code kafka-1}. */
        String nodeName(int nodeId) {
            return namePrefix + nodeId;
        }
    }

    private final Role role;
    private final int nodeId;
    private final int port;
    private final Path dir;
    private final Path config;
    private ChildProcess process;
    private boolean killed;

    /**
     * @param port the broker's {@code PLAINTEXT} port, or the controller's {@code CONTROLLER} port
     */
    KafkaNode(Role role, int nodeId, int port, Path dir) {
        this.role = role;
        this.nodeId = nodeId;
        this.port = port;
        this.dir = dir;
        this.config = dir.resolve("server.properties");
    }

    Role role() {
        return role;
    }

    int nodeId() {
        return nodeId;
    }

    String name() {
        return role.nodeName(nodeId);
    }

    int brokerPort() {
        requireRole(Role.BROKER);
        return port;
    }

    String voter() {
        requireRole(Role.CONTROLLER);
        return nodeId + "@127.0.0.1:" + port;
    }

    private void requireRole(Role expected) {
        if (role != expected) {
            throw new IllegalStateException(name() + " is not a " + expected.processRoles);
        }
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

    /** A listener of a broker beyond PLAINTEXT, and the port it advertises. */
    record Listener(String name, int port, int advertisedPort) {}

    /**
     * Writes {@code server.properties}.
     *
     * @param extra a broker's listeners beyond PLAINTEXT; none for a controller
     */
    void writeConfig(String voters, Map<String, String> clusterSettings, List<Listener> extra) {
        Map<String, String> props = new TreeMap<>(clusterSettings);
        props.put("process.roles", role.processRoles);
        props.put("node.id", Integer.toString(nodeId));
        props.put("controller.listener.names", "CONTROLLER");
        props.put("controller.quorum.voters", voters);
        if (role == Role.CONTROLLER) {
            if (!extra.isEmpty()) {
                throw new IllegalArgumentException("client listeners are a broker's");
            }
            props.put("listeners", "CONTROLLER://127.0.0.1:" + port);
            props.put("listener.security.protocol.map", "CONTROLLER:PLAINTEXT");
        } else {
            StringBuilder listeners = new StringBuilder("PLAINTEXT://127.0.0.1:" + port);
            StringBuilder advertised = new StringBuilder(listeners);
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
            props.put("inter.broker.listener.name", "PLAINTEXT");
            props.put("listener.security.protocol.map", protocols.toString());
        }
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
                name() + "-format",
                classpath,
                "kafka.tools.StorageTool",
                toolJvmOptions(logging, logDir),
                List.of("format", "-t", clusterId, "-c", config.toString()),
                dir);
    }

    void start(ProcessSupervisor supervisor, String classpath, ChildLogging logging) {
        if (isAlive()) {
            throw new IllegalStateException(name() + " is already running");
        }
        killed = false;
        process =
                supervisor.start(
                        JvmCommand.mainClass(
                                name(),
                                classpath,
                                "kafka.Kafka",
                                jvmOptions(role.jvmFlags, logging, supervisor.logDir()),
                                List.of(config.toString()),
                                dir));
    }

    /** A short-lived tool: a light JVM (starts faster, runs for a second). */
    private List<String> toolJvmOptions(ChildLogging logging, Path logDir) {
        return jvmOptions(LIGHT_JVM, logging, logDir);
    }

    private List<String> jvmOptions(List<String> flags, ChildLogging logging, Path logDir) {
        List<String> options = new ArrayList<>(flags);
        options.add("-Djava.awt.headless=true");
        options.addAll(logging.jvmOptions(logDir.resolve(name() + ".log4j")));
        return options;
    }

    void kill() {
        killed = true;
        if (process != null) {
            process.kill();
        }
    }
}
