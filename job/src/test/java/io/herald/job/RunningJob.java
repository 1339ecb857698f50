package io.herald.job;

import io.herald.testing.Poll;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.flink.api.common.JobID;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.client.program.ClusterClient;
import org.apache.flink.core.execution.SavepointFormatType;

/**
 * A job that {@link TestSequencer} submitted to the MiniCluster, driven through the cluster client
 * as an operator drives a cluster ({@code flink stop -p}, {@code flink cancel}). Closing it cancels
 * it, unless it has stopped already, and waits until it is gone.
 */
public final class RunningJob implements AutoCloseable {

    /** How long a job may take to start, stop or take a savepoint. */
    public static final Duration TIMEOUT = Duration.ofSeconds(60);

    private final String name;
    private final ClusterClient<?> flink;
    private final JobID id;

    RunningJob(String name, ClusterClient<?> flink, JobID id) {
        this.name = name;
        this.flink = flink;
        this.id = id;
    }

    public String name() {
        return name;
    }

    /** The job's current status. */
    public JobStatus status() {
        try {
            return flink.getJobStatus(id).get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("no status for job " + name, e);
        }
    }

    void awaitRunning() {
        Poll.until(
                "job " + name + " running",
                TIMEOUT,
                () -> status() == JobStatus.RUNNING,
                () -> "status " + status());
    }

    /**
     * Stops the job with a canonical savepoint under {@code dir}, as {@code flink stop -p} does,
     * waits until the job has finished, and returns the savepoint's path. Retries while the job's
     * tasks are still starting (a savepoint needs them all running).
     */
    public String stopWithSavepoint(Path dir) {
        AtomicReference<String> path = new AtomicReference<>();
        AtomicReference<Exception> last = new AtomicReference<>();
        Poll.until(
                "stop-with-savepoint of job " + name,
                TIMEOUT,
                () -> {
                    try {
                        path.set(
                                flink.stopWithSavepoint(
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
        awaitTerminal();
        return path.get();
    }

    /** Cancels the job unless it has stopped already, and waits until it is gone. */
    @Override
    public void close() throws Exception {
        if (!status().isGloballyTerminalState()) {
            flink.cancel(id).get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        }
        awaitTerminal();
    }

    private void awaitTerminal() {
        Poll.until("job " + name + " finished", TIMEOUT, () -> status().isGloballyTerminalState());
    }
}
