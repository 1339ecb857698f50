package io.herald.savepoints;

import io.herald.job.SequencerConfig;
import io.herald.job.SequencerJob;
import io.herald.testing.Poll;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.flink.api.common.JobID;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.client.program.ClusterClient;
import org.apache.flink.core.execution.SavepointFormatType;
import org.apache.flink.runtime.jobgraph.SavepointRestoreSettings;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.graph.StreamGraph;
import org.apache.flink.test.junit5.MiniClusterExtension;

/**
 * Runs the real sequencer job ({@link SequencerJob#build}) on the test's MiniCluster: submit,
 * optionally from a savepoint, and stop with a savepoint through the cluster client, as an operator
 * does with {@code flink run -s} and {@code flink stop -p}.
 */
final class SequencerRun {

    static final Duration TIMEOUT = Duration.ofSeconds(60);

    private SequencerRun() {}

    /** One TaskManager with four slots: enough for the job at parallelism 4. */
    static MiniClusterExtension miniCluster() {
        return new MiniClusterExtension(
                new MiniClusterResourceConfiguration.Builder()
                        .setNumberTaskManagers(1)
                        .setNumberSlotsPerTaskManager(4)
                        .build());
    }

    /** The job's flags for a test: 300 ms checkpoints into {@code checkpoints}. */
    static SequencerConfig config(
            String bootstrapServers, String name, Path checkpoints, int parallelism) {
        return SequencerConfig.parse(
                "--bootstrap-servers",
                bootstrapServers,
                "--source-topics",
                name,
                "--sequenced-topic",
                name + ".sequenced",
                "--dead-letter-topic",
                name + ".dead-letter",
                "--group-id",
                name + "-sequencer",
                "--transactional-id-prefix",
                name + "-tx",
                "--checkpoint-interval",
                "300ms",
                "--checkpoint-dir",
                checkpoints.toUri().toString(),
                "--parallelism",
                Integer.toString(parallelism));
    }

    /** Submits the job, restored from {@code savepoint} when it is not null. */
    static JobID submit(ClusterClient<?> client, SequencerConfig config, String savepoint)
            throws Exception {
        StreamExecutionEnvironment env =
                StreamExecutionEnvironment.getExecutionEnvironment(
                        SequencerJob.flinkConfiguration(config));
        SequencerJob.build(env, config);
        StreamGraph graph = env.getStreamGraph();
        graph.setJobName(SequencerJob.JOB_NAME);
        if (savepoint != null) {
            graph.setSavepointRestoreSettings(SavepointRestoreSettings.forPath(savepoint, false));
        }
        JobID id = client.submitJob(graph).get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        Poll.until(
                "job " + id + " running", TIMEOUT, () -> status(client, id) == JobStatus.RUNNING);
        return id;
    }

    /**
     * Stops the job with a canonical savepoint under {@code dir} and returns the savepoint's path.
     * Retries while the job's tasks are still starting (a savepoint needs them all running).
     */
    static String stopWithSavepoint(ClusterClient<?> client, JobID id, Path dir) {
        AtomicReference<String> path = new AtomicReference<>();
        AtomicReference<Exception> last = new AtomicReference<>();
        Poll.until(
                "stop-with-savepoint of " + id,
                TIMEOUT,
                () -> {
                    try {
                        path.set(
                                client.stopWithSavepoint(
                                                id,
                                                false,
                                                dir.toUri().toString(),
                                                SavepointFormatType.CANONICAL)
                                        .get(TIMEOUT.toSeconds(), TimeUnit.SECONDS));
                        return true;
                    } catch (Exception e) {
                        last.set(e);
                        return false;
                    }
                },
                () -> "last failure: " + last.get());
        Poll.until(
                "job " + id + " finished",
                TIMEOUT,
                () -> status(client, id).isGloballyTerminalState());
        return path.get();
    }

    /** Cancels the job and waits until it is gone. */
    static void cancel(ClusterClient<?> client, JobID id) throws Exception {
        client.cancel(id).get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        Poll.until(
                "job " + id + " cancelled",
                TIMEOUT,
                () -> status(client, id).isGloballyTerminalState());
    }

    private static JobStatus status(ClusterClient<?> client, JobID id) {
        try {
            return client.getJobStatus(id).get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("no status for job " + id, e);
        }
    }
}
