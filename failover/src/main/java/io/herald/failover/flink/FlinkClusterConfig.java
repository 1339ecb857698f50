package io.herald.failover.flink;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The {@code config.yaml} of the session cluster (flattened keys, which Flink 2's YAML parser
 * accepts): everything bound to 127.0.0.1 on the given ports, RocksDB state on local disk,
 * checkpoints and savepoints under the scratch folder, fast failure detection, and a restart
 * strategy that keeps restarting the job while a TaskManager is replaced.
 *
 * @param restPort the JobManager's REST port
 * @param rpcPort the JobManager's RPC port
 * @param blobPort the blob server port
 * @param slotsPerTaskManager task slots per TaskManager
 * @param stateDir root of checkpoints, savepoints and {@code io.tmp.dirs}
 */
public record FlinkClusterConfig(
        int restPort, int rpcPort, int blobPort, int slotsPerTaskManager, Path stateDir) {

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
        s.put("cluster.evenly-spread-out-slots", "true");
        s.put("state.backend.type", "rocksdb");
        s.put("execution.checkpointing.dir", checkpointDir().toUri().toString());
        s.put("execution.checkpointing.savepoint-dir", savepointDir().toUri().toString());
        s.put("io.tmp.dirs", tmpDir().toString());
        s.put("web.tmpdir", tmpDir().resolve("web").toString());
        s.put("web.upload.dir", tmpDir().resolve("upload").toString());
        s.put("heartbeat.interval", "1000");
        s.put("heartbeat.timeout", "5000");
        s.put("restart-strategy.type", "fixed-delay");
        s.put("restart-strategy.fixed-delay.attempts", "1000");
        s.put("restart-strategy.fixed-delay.delay", "1 s");
        s.put("parallelism.default", "2");
        return s;
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
            Files.writeString(confDir.resolve("config.yaml"), yaml);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String quote(String value) {
        return value.matches("[A-Za-z0-9._/-]+") ? value : "'" + value.replace("'", "''") + "'";
    }
}
