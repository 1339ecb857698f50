package io.herald.local;

import io.herald.job.SequencerConfig;
import io.herald.job.SequencerJob;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;
import org.apache.flink.api.common.JobID;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.CoreOptions;
import org.apache.flink.configuration.JobManagerOptions;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.configuration.TaskManagerOptions;
import org.apache.flink.runtime.execution.ExecutionState;
import org.apache.flink.runtime.executiongraph.AccessExecutionGraph;
import org.apache.flink.runtime.executiongraph.AccessExecutionVertex;
import org.apache.flink.runtime.jobgraph.SavepointRestoreSettings;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.runtime.minicluster.MiniClusterConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.graph.StreamGraph;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The sequencer job on a Flink MiniCluster in this JVM: RocksDB state, checkpoints in a local
 * folder (retained when the stack stops), the Flink web UI on 127.0.0.1. A new start restores the
 * latest retained checkpoint, so subjects continue in a new, greater epoch and the source resumes
 * where it stopped.
 */
final class LocalSequencer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(LocalSequencer.class);

    private final MiniCluster cluster;
    private final JobID jobId;

    private LocalSequencer(MiniCluster cluster, JobID jobId) {
        this.cluster = cluster;
        this.jobId = jobId;
    }

    /**
     * Starts the MiniCluster and the job and returns once every task of the job runs.
     *
     * @param job the job's configuration (its checkpoint dir must be a {@code file:} URI of {@code
     *     checkpointDir})
     * @param checkpointDir where the job's checkpoints live, one folder per job run
     */
    static LocalSequencer start(
            SequencerConfig job, Path checkpointDir, int uiPort, Duration timeout)
            throws Exception {
        Files.createDirectories(checkpointDir);
        Optional<Path> restore = latestCheckpoint(checkpointDir);
        deleteOtherRuns(checkpointDir, restore);
        Configuration conf = SequencerJob.flinkConfiguration(job);
        conf.set(RestOptions.ADDRESS, "127.0.0.1");
        conf.set(RestOptions.BIND_ADDRESS, "127.0.0.1");
        conf.set(RestOptions.PORT, uiPort);
        conf.set(JobManagerOptions.BIND_HOST, "127.0.0.1");
        conf.set(TaskManagerOptions.BIND_HOST, "127.0.0.1");
        conf.set(TaskManagerOptions.HOST, "127.0.0.1");
        int parallelism = job.parallelism().orElse(1);
        conf.set(CoreOptions.DEFAULT_PARALLELISM, parallelism);
        restore.ifPresent(
                p ->
                        SavepointRestoreSettings.toConfiguration(
                                SavepointRestoreSettings.forPath(p.toUri().toString()), conf));

        MiniCluster cluster =
                new MiniCluster(
                        new MiniClusterConfiguration.Builder()
                                .setConfiguration(conf)
                                .setNumTaskManagers(1)
                                .setNumSlotsPerTaskManager(parallelism)
                                .build());
        cluster.start();
        try {
            StreamExecutionEnvironment env =
                    StreamExecutionEnvironment.getExecutionEnvironment(conf);
            SequencerJob.build(env, job);
            StreamGraph graph = env.getStreamGraph();
            graph.setJobName(SequencerJob.JOB_NAME);
            JobID jobId = cluster.submitJob(graph).get().getJobID();
            LocalSequencer sequencer = new LocalSequencer(cluster, jobId);
            sequencer.awaitRunning(timeout);
            LOG.info(
                    "sequencer running job={} restoredFrom={} delivery={}",
                    jobId,
                    restore.map(Path::toString).orElse("none"),
                    job.delivery().flag());
            return sequencer;
        } catch (Exception e) {
            cluster.close();
            throw e;
        }
    }

    private void awaitRunning(Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            JobStatus status = cluster.getJobStatus(jobId).get(10, TimeUnit.SECONDS);
            if (status.isTerminalState()) {
                Throwable cause =
                        cluster.requestJobResult(jobId)
                                .get(10, TimeUnit.SECONDS)
                                .getSerializedThrowable()
                                .map(t -> (Throwable) t)
                                .orElse(null);
                throw new IllegalStateException(
                        "the sequencer job ended at start ("
                                + status
                                + "); if it could not restore its checkpoint, run with --fresh",
                        cause);
            }
            if (status == JobStatus.RUNNING && allTasksRunning()) {
                return;
            }
            Thread.sleep(100);
        }
        throw new TimeoutException("the sequencer job did not start within " + timeout);
    }

    private boolean allTasksRunning() throws Exception {
        AccessExecutionGraph graph = cluster.getExecutionGraph(jobId).get(10, TimeUnit.SECONDS);
        for (AccessExecutionVertex vertex : graph.getAllExecutionVertices()) {
            if (vertex.getExecutionState() != ExecutionState.RUNNING) {
                return false;
            }
        }
        return true;
    }

    /** The newest completed checkpoint (a {@code chk-N} folder with its {@code _metadata}). */
    static Optional<Path> latestCheckpoint(Path checkpointDir) throws IOException {
        try (Stream<Path> files = Files.find(checkpointDir, 3, (p, a) -> isMetadata(p))) {
            return files.map(Path::getParent)
                    .max(Comparator.comparingLong(LocalSequencer::lastModified));
        }
    }

    private static boolean isMetadata(Path p) {
        return p.getFileName().toString().equals("_metadata")
                && p.getParent().getFileName().toString().startsWith("chk-");
    }

    private static long lastModified(Path p) {
        try {
            return Files.getLastModifiedTime(p.resolve("_metadata")).toMillis();
        } catch (IOException e) {
            return Long.MIN_VALUE;
        }
    }

    /** Keeps only the run being restored from: older runs' checkpoints are never needed again. */
    private static void deleteOtherRuns(Path checkpointDir, Optional<Path> restore)
            throws IOException {
        Optional<Path> keep = restore.map(chk -> chk.getParent());
        List<Path> runs;
        try (Stream<Path> children = Files.list(checkpointDir)) {
            runs = children.filter(Files::isDirectory).toList();
        }
        for (Path run : runs) {
            if (keep.isEmpty() || !keep.get().equals(run)) {
                Folders.deleteRecursively(run);
            }
        }
    }

    /** Cancels the job (its last checkpoint is retained) and stops the MiniCluster. */
    @Override
    public void close() throws Exception {
        try {
            cluster.cancelJob(jobId).get(30, TimeUnit.SECONDS);
            cluster.requestJobResult(jobId).get(30, TimeUnit.SECONDS);
        } finally {
            cluster.close();
            LOG.info("sequencer stopped job={}", jobId);
        }
    }
}
