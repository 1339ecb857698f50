package io.herald.failover.flink;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The {@code config.yaml} of the session cluster (flattened keys, which Flink 2's YAML parser
 * accepts): everything bound to 127.0.0.1 on the given ports, RocksDB state on local disk,
 * checkpoints and savepoints under the scratch folder, fast failure detection, and a job's tasks
 * spread over the TaskManagers (the job brings its own restart strategy). With {@link
 * HighAvailability} a second, standby JobManager runs on its own ports and ZooKeeper elects the
 * leader.
 *
 * @param restPort the (first) JobManager's REST port
 * @param rpcPort the (first) JobManager's RPC port
 * @param blobPort the (first) JobManager's blob server port
 * @param slotsPerTaskManager task slots per TaskManager
 * @param stateDir root of checkpoints, savepoints, HA storage and {@code io.tmp.dirs}
 * @param highAvailability ZooKeeper high availability, or empty for one JobManager
 */
public record FlinkClusterConfig(
        int restPort,
        int rpcPort,
        int blobPort,
        int slotsPerTaskManager,
        Path stateDir,
        Optional<HighAvailability> highAvailability) {

    /** ZooKeeper's root node for Flink, and this cluster's node under it. */
    static final String ZOOKEEPER_ROOT = "/flink";

    static final String CLUSTER_ID = "/herald";

    private static final String JAVA_OPTIONS = "env.java.opts.all";

    /** One JobManager, no high availability. */
    public FlinkClusterConfig(
            int restPort, int rpcPort, int blobPort, int slotsPerTaskManager, Path stateDir) {
        this(restPort, rpcPort, blobPort, slotsPerTaskManager, stateDir, Optional.empty());
    }

    /** The ports of one JobManager process. */
    public record JobManagerPorts(int rest, int rpc, int blob) {}

    /**
     * Flink's ZooKeeper high availability: leader election and the job's recovery data (job graphs,
     * the pointers to completed checkpoints) in ZooKeeper, the data itself in {@link
     * #haStorageDir()} on local disk.
     *
     * @param zooKeeperQuorum {@code host:port,...}
     * @param sessionTimeout the JobManagers' ZooKeeper session timeout: a killed leader keeps its
     *     leadership this long, so it bounds how fast the standby takes over
     * @param standby the second JobManager's ports
     */
    public record HighAvailability(
            String zooKeeperQuorum, Duration sessionTimeout, JobManagerPorts standby) {}

    /** Every JobManager's ports: the first one's, then the standby's. */
    public List<JobManagerPorts> jobManagers() {
        List<JobManagerPorts> all = new ArrayList<>();
        all.add(new JobManagerPorts(restPort, rpcPort, blobPort));
        highAvailability.ifPresent(ha -> all.add(ha.standby()));
        return all;
    }

    /** Where the JobManagers keep what ZooKeeper points to (job graphs, checkpoint metadata). */
    public Path haStorageDir() {
        return stateDir.resolve("ha");
    }

    public Path checkpointDir() {
        return stateDir.resolve("checkpoints");
    }

    public Path savepointDir() {
        return stateDir.resolve("savepoints");
    }

    Path tmpDir() {
        return stateDir.resolve("tmp");
    }

    Map<String, String> settings() {
        Map<String, String> s = new LinkedHashMap<>();
        s.put("jobmanager.rpc.address", "127.0.0.1");
        s.put("jobmanager.rpc.port", Integer.toString(rpcPort));
        s.put("jobmanager.bind-host", "127.0.0.1");
        s.put("taskmanager.bind-host", "127.0.0.1");
        s.put("taskmanager.host", "127.0.0.1");
        s.put("rest.address", "127.0.0.1");
        s.put("rest.bind-address", "127.0.0.1");
        s.put("rest.port", Integer.toString(restPort));
        s.put("blob.server.port", Integer.toString(blobPort));
        s.put("jobmanager.memory.process.size", "1g");
        s.put("taskmanager.memory.process.size", "1300m");
        s.put("taskmanager.numberOfTaskSlots", Integer.toString(slotsPerTaskManager));
        // Half of the job on each TaskManager: a restart after one is lost finds the job's code,
        // classes and RocksDB library already loaded on the other (a cold TaskManager spends
        // seconds downloading the jar and loading them). Flink 2 ignores the older
        // cluster.evenly-spread-out-slots.
        s.put("taskmanager.load-balance.mode", "slots");
        s.put("state.backend.type", "rocksdb");
        s.put("execution.checkpointing.dir", checkpointDir().toUri().toString());
        s.put("execution.checkpointing.savepoint-dir", savepointDir().toUri().toString());
        s.put("io.tmp.dirs", tmpDir().toString());
        s.put("web.tmpdir", tmpDir().resolve("web").toString());
        s.put("web.upload.dir", tmpDir().resolve("upload").toString());
        // A killed process refuses connections at once: two failed heartbeat RPCs in a row
        // (heartbeat.rpc-failure-threshold, 2 by default) mark it lost after 1 s; the timeout
        // covers a process that hangs without refusing.
        s.put("heartbeat.interval", "500");
        s.put("heartbeat.timeout", "5000");
        s.put("parallelism.default", "2");
        // Metaspace's first collection threshold at 128 MB instead of the JVM's 21 MB: a
        // JobManager or TaskManager loading the job's classes (its start, and a restore on one that
        // never ran the job) otherwise crosses it three or four times, each time a young and a full
        // collection of the whole heap (up to 1.1 s together on this machine, in the middle of a
        // failover). Flink caps metaspace at 256 MB (jobmanager|taskmanager.memory.jvm-metaspace).
        s.put(JAVA_OPTIONS, "-XX:MetaspaceSize=128m");
        highAvailability.ifPresent(
                ha -> {
                    s.put("high-availability.type", "zookeeper");
                    s.put("high-availability.storageDir", haStorageDir().toUri().toString());
                    s.put("high-availability.zookeeper.quorum", ha.zooKeeperQuorum());
                    s.put("high-availability.zookeeper.path.root", ZOOKEEPER_ROOT);
                    s.put("high-availability.cluster-id", CLUSTER_ID);
                    s.put(
                            "high-availability.zookeeper.client.session-timeout",
                            Long.toString(ha.sessionTimeout().toMillis()));
                    // A lost connection (not an expired session) keeps the leadership: a slow
                    // moment on a busy machine must not restart the job.
                    s.put(
                            "high-availability.zookeeper.client.tolerate-suspended-connections",
                            "true");
                });
        return s;
    }

    /**
     * The JVM options every Flink process gets from {@code env.java.opts.all}, as Flink's start
     * scripts add them.
     */
    List<String> javaOptions() {
        return List.of(settings().get(JAVA_OPTIONS).split("\\s+"));
    }

    /**
     * The dynamic properties ({@code -D key=value} pairs) that give one JobManager its own ports
     * and web folders: both read the same {@code config.yaml}.
     */
    List<String> jobManagerProperties(JobManagerPorts ports, String name) {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("rest.port", Integer.toString(ports.rest()));
        p.put("jobmanager.rpc.port", Integer.toString(ports.rpc()));
        p.put("high-availability.jobmanager.port", Integer.toString(ports.rpc()));
        p.put("blob.server.port", Integer.toString(ports.blob()));
        p.put("web.tmpdir", tmpDir().resolve("web-" + name).toString());
        p.put("web.upload.dir", tmpDir().resolve("upload-" + name).toString());
        List<String> args = new ArrayList<>();
        p.forEach((k, v) -> args.addAll(List.of("-D", k + "=" + v)));
        return args;
    }

    /** Writes {@code config.yaml} into {@code confDir}. */
    void writeTo(Path confDir) {
        String yaml =
                settings().entrySet().stream()
                        .map(e -> e.getKey() + ": " + quote(e.getValue()))
                        .collect(Collectors.joining("\n", "", "\n"));
        try {
            Files.createDirectories(confDir);
            Files.createDirectories(tmpDir().resolve("web"));
            Files.createDirectories(tmpDir().resolve("upload"));
            for (int i = 0; i < jobManagers().size(); i++) {
                Files.createDirectories(tmpDir().resolve("web-" + jobManagerName(i)));
                Files.createDirectories(tmpDir().resolve("upload-" + jobManagerName(i)));
            }
            Files.writeString(confDir.resolve("config.yaml"), yaml);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The name of the {@code index}th JobManager: {@code jobmanager-1}, {@code jobmanager-2}. */
    static String jobManagerName(int index) {
        return "jobmanager-" + (index + 1);
    }

    private static String quote(String value) {
        return value.matches("[A-Za-z0-9._/-]+") ? value : "'" + value.replace("'", "''") + "'";
    }
}
