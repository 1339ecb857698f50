package io.herald.failover.flink;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * The parts of Flink's REST API a user (or {@code flink run}) drives: upload a jar, run it with a
 * parallelism and an optional savepoint, watch the job, stop it with a savepoint, list
 * TaskManagers. Every wait polls with a deadline.
 *
 * <p>With several JobManagers (high availability) the REST API moves with leadership: every request
 * goes to the endpoint the {@link Endpoint} names at that moment, and the waits ride out the moment
 * in which the old leader is gone and the new one not yet serving.
 */
public final class FlinkRest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);

    /** Where the REST API is served now. */
    @FunctionalInterface
    interface Endpoint {
        /** The base URL, e.g. {@code http://127.0.0.1:8081}; throws while there is none. */
        String baseUrl() throws IOException, InterruptedException;
    }

    private final Endpoint endpoint;
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    FlinkRest(String baseUrl) {
        this(() -> baseUrl);
    }

    FlinkRest(Endpoint endpoint) {
        this.endpoint = endpoint;
    }

    /** The base URL of the REST API now (the leader's, with several JobManagers). */
    public String baseUrl() {
        try {
            return endpoint.baseUrl();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while finding the REST endpoint", e);
        }
    }

    /** A running job as the REST API sees it. */
    public record JobInfo(String state, List<String> vertexStates, int parallelism) {
        /** The job and every one of its tasks are running. */
        public boolean fullyRunning() {
            return "RUNNING".equals(state)
                    && !vertexStates.isEmpty()
                    && vertexStates.stream().allMatch("RUNNING"::equals);
        }
    }

    /** One TaskManager and its slots. */
    public record TaskManagerInfo(String id, int slots, int freeSlots) {}

    /** {@code POST /jars/upload} (multipart, as the web UI does); returns the jar id. */
    public String uploadJar(Path jar) throws IOException, InterruptedException {
        String boundary = "----herald" + UUID.randomUUID();
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.write(
                ("--"
                                + boundary
                                + "\r\nContent-Disposition: form-data; name=\"jarfile\"; filename=\""
                                + jar.getFileName()
                                + "\"\r\nContent-Type: application/x-java-archive\r\n\r\n")
                        .getBytes(StandardCharsets.UTF_8));
        body.write(Files.readAllBytes(jar));
        body.write(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        HttpRequest request =
                HttpRequest.newBuilder(URI.create(endpoint.baseUrl() + "/jars/upload"))
                        .timeout(Duration.ofSeconds(120))
                        .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                        .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray()))
                        .build();
        JsonNode reply = send(request);
        String file = reply.path("filename").asText();
        if (file.isEmpty()) {
            throw new IOException("jar upload failed: " + reply);
        }
        return Path.of(file).getFileName().toString();
    }

    /**
     * {@code POST /jars/:id/run}; returns the job id.
     *
     * @param savepointPath a savepoint to start from, or null
     */
    public String runJar(
            String jarId,
            String entryClass,
            List<String> programArgs,
            int parallelism,
            String savepointPath)
            throws IOException, InterruptedException {
        ObjectNode body = JSON.createObjectNode();
        body.put("entryClass", entryClass);
        body.putPOJO("programArgsList", programArgs);
        body.put("parallelism", parallelism);
        if (savepointPath != null) {
            body.put("savepointPath", savepointPath);
            body.put("allowNonRestoredState", false);
        }
        JsonNode reply = post("/jars/" + jarId + "/run", body, Duration.ofSeconds(120));
        String jobId = reply.path("jobid").asText();
        if (jobId.isEmpty()) {
            throw new IOException("job submission failed: " + reply);
        }
        return jobId;
    }

    /** {@code GET /jobs/:id}. */
    public JobInfo job(String jobId) throws IOException, InterruptedException {
        JsonNode reply = get("/jobs/" + jobId);
        List<String> vertexStates = new ArrayList<>();
        int parallelism = 0;
        for (JsonNode v : reply.path("vertices")) {
            vertexStates.add(v.path("status").asText());
            parallelism = Math.max(parallelism, v.path("parallelism").asInt());
        }
        return new JobInfo(reply.path("state").asText(), vertexStates, parallelism);
    }

    /** Completed and failed checkpoints and restores, from {@code GET /jobs/:id/checkpoints}. */
    public record CheckpointCounts(long completed, long failed, long restored) {}

    public CheckpointCounts checkpoints(String jobId) throws IOException, InterruptedException {
        JsonNode counts = get("/jobs/" + jobId + "/checkpoints").path("counts");
        return new CheckpointCounts(
                counts.path("completed").asLong(),
                counts.path("failed").asLong(),
                counts.path("restored").asLong());
    }

    /**
     * Waits until the job and all its tasks run; fails early if the job ends. A request that fails
     * (a JobManager gone, a new leader that has not recovered the job yet) is retried until the
     * deadline.
     */
    public void awaitRunning(String jobId, Duration timeout)
            throws IOException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        Object last = null;
        while (true) {
            try {
                JobInfo info = job(jobId);
                if (info.fullyRunning()) {
                    return;
                }
                if (List.of("FAILED", "CANCELED", "FINISHED").contains(info.state())) {
                    throw new IllegalStateException("job " + jobId + " ended: " + info);
                }
                last = info;
            } catch (IOException e) {
                last = e;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError(
                        "job " + jobId + " not running after " + timeout + ": " + last);
            }
            Thread.sleep(100);
        }
    }

    /**
     * Waits until at least {@code count} checkpoints have completed (as counted by the JobManager
     * that runs the job now); failed requests are retried until the deadline.
     */
    public void awaitCompletedCheckpoints(String jobId, long count, Duration timeout)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        Object last = null;
        while (true) {
            try {
                CheckpointCounts counts = checkpoints(jobId);
                if (counts.completed() >= count) {
                    return;
                }
                last = counts;
            } catch (IOException e) {
                last = e;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError(
                        "job "
                                + jobId
                                + " did not complete "
                                + count
                                + " checkpoints in "
                                + timeout
                                + ": "
                                + last);
            }
            Thread.sleep(100);
        }
    }

    /**
     * {@code POST /jobs/:id/stop} (stop with a savepoint, no drain), then polls the operation;
     * returns the savepoint's location.
     */
    public String stopWithSavepoint(String jobId, Path targetDir, Duration timeout)
            throws IOException, InterruptedException {
        ObjectNode body = JSON.createObjectNode();
        body.put("drain", false);
        body.put("targetDirectory", targetDir.toUri().toString());
        String trigger =
                post("/jobs/" + jobId + "/stop", body, REQUEST_TIMEOUT).path("request-id").asText();
        if (trigger.isEmpty()) {
            throw new IOException("stop-with-savepoint was not accepted for job " + jobId);
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            JsonNode reply = get("/jobs/" + jobId + "/savepoints/" + trigger);
            if ("COMPLETED".equals(reply.path("status").path("id").asText())) {
                JsonNode op = reply.path("operation");
                if (op.has("failure-cause")) {
                    throw new IOException(
                            "stop-with-savepoint failed: " + op.path("failure-cause"));
                }
                return op.path("location").asText();
            }
            Thread.sleep(100);
        }
        throw new AssertionError("savepoint of job " + jobId + " not done after " + timeout);
    }

    /** {@code GET /taskmanagers}. */
    public List<TaskManagerInfo> taskManagers() throws IOException, InterruptedException {
        List<TaskManagerInfo> result = new ArrayList<>();
        for (JsonNode tm : get("/taskmanagers").path("taskmanagers")) {
            result.add(
                    new TaskManagerInfo(
                            tm.path("id").asText(),
                            tm.path("slotsNumber").asInt(),
                            tm.path("freeSlots").asInt()));
        }
        return result;
    }

    /** Waits until {@code count} TaskManagers are registered. */
    public void awaitTaskManagers(int count, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        String state = "";
        while (System.nanoTime() < deadline) {
            try {
                List<TaskManagerInfo> tms = taskManagers();
                if (tms.size() >= count) {
                    return;
                }
                state = tms.toString();
            } catch (IOException e) {
                state = e.toString();
            }
            Thread.sleep(200);
        }
        throw new IllegalStateException(
                count + " TaskManagers not registered after " + timeout + ": " + state);
    }

    private JsonNode get(String path) throws IOException, InterruptedException {
        return send(
                HttpRequest.newBuilder(URI.create(endpoint.baseUrl() + path))
                        .timeout(REQUEST_TIMEOUT)
                        .GET()
                        .build());
    }

    private JsonNode post(String path, JsonNode body, Duration timeout)
            throws IOException, InterruptedException {
        return send(
                HttpRequest.newBuilder(URI.create(endpoint.baseUrl() + path))
                        .timeout(timeout)
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)))
                        .build());
    }

    private JsonNode send(HttpRequest request) throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() / 100 != 2) {
            throw new IOException(
                    request.method()
                            + " "
                            + request.uri()
                            + " -> "
                            + response.statusCode()
                            + ": "
                            + response.body());
        }
        return JSON.readTree(response.body());
    }
}
