package io.herald.failover.flink;

import io.herald.failover.process.ChildLogging;
import io.herald.failover.process.ChildProcess;
import io.herald.failover.process.JvmCommand;
import io.herald.failover.process.ProcessSupervisor;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A standalone Flink session cluster from Flink's own entry points on the Maven classpath, as the
 * distribution's {@code jobmanager.sh}/{@code taskmanager.sh} would start it: JVM memory flags and
 * dynamic properties from {@code BashJavaUtils}, the JDK 17 {@code --add-opens} list passed by
 * hand. One JobManager ({@code StandaloneSessionClusterEntrypoint}), or two with ZooKeeper high
 * availability ({@link FlinkClusterConfig#highAvailability()}), and TaskManagers ({@code
 * TaskManagerRunner}); tests can kill and replace any of them.
 */
public final class FlinkCluster implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(FlinkCluster.class);
    private static final String RESULT_PREFIX = "BASH_JAVA_UTILS_EXEC_RESULT:";
    private static final List<String> OPENS =
            List.of(
                    "--add-opens=java.base/java.lang=ALL-UNNAMED",
                    "--add-opens=java.base/java.lang.reflect=ALL-UNNAMED",
                    "--add-opens=java.base/java.io=ALL-UNNAMED",
                    "--add-opens=java.base/java.net=ALL-UNNAMED",
                    "--add-opens=java.base/java.nio=ALL-UNNAMED",
                    "--add-opens=java.base/java.util=ALL-UNNAMED",
                    "--add-opens=java.base/java.util.concurrent=ALL-UNNAMED",
                    "--add-opens=java.base/java.util.concurrent.locks=ALL-UNNAMED",
                    "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED",
                    "--add-opens=java.base/java.time=ALL-UNNAMED",
                    "--add-opens=java.base/java.text=ALL-UNNAMED",
                    "--add-opens=java.sql/java.sql=ALL-UNNAMED",
                    "--add-exports=java.rmi/sun.rmi.registry=ALL-UNNAMED",
                    "--add-exports=java.base/sun.net.util=ALL-UNNAMED",
                    "--add-exports=java.security.jgss/sun.security.krb5=ALL-UNNAMED");

    private final ProcessSupervisor supervisor;
    private final String classpath;
    private final ChildLogging logging;
    private final FlinkClusterConfig config;
    private final Path confDir;
    private final FlinkRest rest;
    private final ZooKeeperRestLeader restLeader;
    private final Map<String, ChildProcess> jobManagers = new LinkedHashMap<>();
    private final Map<String, ChildProcess> taskManagers = new LinkedHashMap<>();
    private int taskManagerStarts;
    private MemoryParams jmParams;
    private MemoryParams tmParams;

    private FlinkCluster(
            ProcessSupervisor supervisor,
            String classpath,
            ChildLogging logging,
            FlinkClusterConfig config,
            ZooKeeperRestLeader restLeader) {
        this.supervisor = supervisor;
        this.classpath = classpath;
        this.logging = logging;
        this.config = config;
        this.confDir = supervisor.scratch("flink-conf");
        this.restLeader = restLeader;
        this.rest =
                restLeader == null
                        ? new FlinkRest("http://127.0.0.1:" + config.restPort())
                        : new FlinkRest(
                                () ->
                                        restLeader
                                                .leaderUrl()
                                                .orElseThrow(
                                                        () ->
                                                                new IOException(
                                                                        "no JobManager leads"
                                                                                + " yet")));
    }

    /**
     * Starts the JobManager(s) and {@code taskManagers} TaskManagers; returns once all slots are
     * up.
     */
    public static FlinkCluster start(
            ProcessSupervisor supervisor,
            String classpath,
            ChildLogging logging,
            FlinkClusterConfig config,
            int taskManagers)
            throws InterruptedException {
        ZooKeeperRestLeader restLeader = null;
        if (config.highAvailability().isPresent()) {
            restLeader =
                    ZooKeeperRestLeader.connect(
                            config.highAvailability().get().zooKeeperQuorum(),
                            FlinkClusterConfig.ZOOKEEPER_ROOT,
                            FlinkClusterConfig.CLUSTER_ID);
        }
        FlinkCluster cluster = new FlinkCluster(supervisor, classpath, logging, config, restLeader);
        config.writeTo(cluster.confDir);
        cluster.jmParams = cluster.memoryParams("GET_JM_RESOURCE_PARAMS");
        cluster.tmParams = cluster.memoryParams("GET_TM_RESOURCE_PARAMS");
        for (int i = 0; i < config.jobManagers().size(); i++) {
            cluster.startJobManager(FlinkClusterConfig.jobManagerName(i));
        }
        for (int i = 0; i < taskManagers; i++) {
            cluster.startTaskManager();
        }
        cluster.rest.awaitTaskManagers(taskManagers, Duration.ofSeconds(90));
        LOG.info(
                "flink cluster up rest={} jobManagers={} taskManagers={}",
                cluster.rest.baseUrl(),
                config.jobManagers().size(),
                taskManagers);
        return cluster;
    }

    public FlinkRest rest() {
        return rest;
    }

    public FlinkClusterConfig config() {
        return config;
    }

    /** JVM flags and {@code -D} dynamic properties, as BashJavaUtils prints them. */
    private record MemoryParams(List<String> jvmFlags, List<String> dynamicProperties) {}

    private MemoryParams memoryParams(String command) {
        String output =
                supervisor.runToCompletion(
                        JvmCommand.mainClass(
                                "flink-" + command,
                                classpath,
                                "org.apache.flink.runtime.util.bash.BashJavaUtils",
                                List.of("-Xmx128m", "-XX:TieredStopAtLevel=1"),
                                List.of(command, "--configDir", confDir.toString()),
                                confDir),
                        Duration.ofSeconds(60));
        List<String> results =
                output.lines()
                        .filter(l -> l.startsWith(RESULT_PREFIX))
                        .map(l -> l.substring(RESULT_PREFIX.length()).trim())
                        .toList();
        if (results.size() < 2) {
            throw new IllegalStateException("BashJavaUtils " + command + " printed:\n" + output);
        }
        List<String> jvm = Arrays.asList(results.get(results.size() - 2).split("\\s+"));
        // "-D key=value -D key=value": pairs of tokens, passed to the entry point as arguments.
        List<String> dynamic = Arrays.asList(results.get(results.size() - 1).split("\\s+"));
        return new MemoryParams(jvm, dynamic);
    }

    /**
     * Starts the JobManager {@code name} ({@code jobmanager-1}, or {@code jobmanager-2} with high
     * availability) on its ports; with high availability it joins as a standby when the other one
     * leads. Also restarts a killed one.
     */
    public synchronized void startJobManager(String name) {
        int index = jobManagerIndex(name);
        ChildProcess running = jobManagers.get(name);
        if (running != null && running.isAlive()) {
            throw new IllegalStateException(name + " is running");
        }
        List<String> args = new ArrayList<>(List.of("--configDir", confDir.toString()));
        args.addAll(jmParams.dynamicProperties());
        args.addAll(config.jobManagerProperties(config.jobManagers().get(index), name));
        jobManagers.put(
                name,
                supervisor.start(
                        JvmCommand.mainClass(
                                "flink-" + name,
                                classpath,
                                "org.apache.flink.runtime.entrypoint.StandaloneSessionClusterEntrypoint",
                                jvmOptions(jmParams, "flink-" + name),
                                args,
                                confDir)));
    }

    /** SIGKILL the JobManager {@code name}. */
    public synchronized void killJobManager(String name) {
        ChildProcess jm = jobManagers.get(name);
        if (jm == null || !jm.isAlive()) {
            throw new IllegalArgumentException("no running JobManager " + name);
        }
        jm.kill();
    }

    /** The names of the JobManagers, running or not. */
    public List<String> jobManagerNames() {
        List<String> names = new ArrayList<>();
        for (int i = 0; i < config.jobManagers().size(); i++) {
            names.add(FlinkClusterConfig.jobManagerName(i));
        }
        return names;
    }

    /**
     * The JobManager whose REST endpoint leads now (the one ZooKeeper names, which leads the
     * dispatcher, the resource manager and the jobs too).
     */
    public String leadingJobManager() {
        String url = rest.baseUrl();
        List<FlinkClusterConfig.JobManagerPorts> ports = config.jobManagers();
        for (int i = 0; i < ports.size(); i++) {
            if (url.endsWith(":" + ports.get(i).rest())) {
                return FlinkClusterConfig.jobManagerName(i);
            }
        }
        throw new IllegalStateException("the REST leader " + url + " is none of " + ports);
    }

    private int jobManagerIndex(String name) {
        int index = jobManagerNames().indexOf(name);
        if (index < 0) {
            throw new IllegalArgumentException("no JobManager " + name);
        }
        return index;
    }

    /** Starts one more TaskManager with a fresh resource id; returns that id. */
    public synchronized String startTaskManager() {
        String id = "tm-" + (++taskManagerStarts);
        List<String> args = new ArrayList<>(List.of("--configDir", confDir.toString()));
        args.addAll(tmParams.dynamicProperties());
        args.addAll(List.of("-D", "taskmanager.resource-id=" + id));
        ChildProcess tm =
                supervisor.start(
                        JvmCommand.mainClass(
                                "flink-" + id,
                                classpath,
                                "org.apache.flink.runtime.taskexecutor.TaskManagerRunner",
                                jvmOptions(tmParams, "flink-" + id),
                                args,
                                confDir));
        taskManagers.put(id, tm);
        return id;
    }

    /** SIGKILL the TaskManager with this resource id. */
    public synchronized void killTaskManager(String id) {
        ChildProcess tm = taskManagers.remove(id);
        if (tm == null) {
            throw new IllegalArgumentException("no running TaskManager " + id);
        }
        tm.kill();
    }

    /** Ids of the TaskManager processes this cluster started and has not killed. */
    public synchronized List<String> taskManagerIds() {
        return List.copyOf(taskManagers.keySet());
    }

    private List<String> jvmOptions(MemoryParams params, String name) {
        List<String> options = new ArrayList<>(params.jvmFlags());
        options.add("-XX:+UseParallelGC");
        options.addAll(config.javaOptions());
        options.add("-Xlog:gc:file=" + supervisor.logDir().resolve(name + "-gc.log"));
        options.addAll(OPENS);
        options.addAll(logging.jvmOptions(supervisor.logDir().resolve(name + ".flinklog")));
        return options;
    }

    @Override
    public synchronized void close() {
        taskManagers.values().forEach(ChildProcess::kill);
        taskManagers.clear();
        jobManagers.values().forEach(ChildProcess::kill);
        if (restLeader != null) {
            try {
                restLeader.close();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
