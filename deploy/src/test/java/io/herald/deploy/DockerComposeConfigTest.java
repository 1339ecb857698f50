package io.herald.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code docker-compose config} accepts docker-compose.yml (Debian's {@code docker-compose}; no
 * Docker engine is needed to validate). Without the binary the test is skipped with the reason,
 * except under CI ({@code HERALD_CI} set by {@code .ci/run}, which installs it), where that fails.
 */
class DockerComposeConfigTest {

    /** Set by {@code .ci/run}: the tools it installs must be there. */
    static final String CI_VARIABLE = "HERALD_CI";

    @TempDir Path dir;

    @Test
    void dockerComposeAcceptsTheFileWithEveryService() throws Exception {
        Path compose = dockerCompose();
        Result result = config(compose, DeploymentFiles.composeFile());
        assertThat(result.exitCode()).as(result.output()).isZero();

        JsonNode resolved = DeploymentFiles.YAML.readTree(result.output());
        List<String> services = new ArrayList<>();
        resolved.path("services").fieldNames().forEachRemaining(services::add);
        assertThat(services)
                .containsExactlyInAnyOrder(
                        "kafka-1",
                        "kafka-2",
                        "kafka-3",
                        "topic-init",
                        "flink-data-init",
                        "jobmanager",
                        "taskmanager",
                        "edge");
        resolved.path("services")
                .properties()
                .forEach(
                        s -> {
                            boolean oneShot =
                                    s.getKey().equals("topic-init")
                                            || s.getKey().equals("flink-data-init");
                            assertThat(s.getValue().has("healthcheck") || oneShot)
                                    .as("service %s has a health check", s.getKey())
                                    .isTrue();
                        });
    }

    @Test
    void dockerComposeRefusesABrokenFile() throws Exception {
        Path compose = dockerCompose();
        Path broken = dir.resolve("docker-compose.yml");
        Files.writeString(
                broken,
                DeploymentFiles.text(DeploymentFiles.composeFile())
                        .replace("condition: service_completed_successfully", "condition: done"));

        Result result = config(compose, broken);

        assertThat(result.exitCode()).as(result.output()).isNotZero();
        assertThat(result.output()).contains("condition");
    }

    private record Result(int exitCode, String output) {}

    private static Result config(Path compose, Path file) throws IOException, InterruptedException {
        Process p =
                new ProcessBuilder(
                                compose.toString(),
                                "--project-directory",
                                DeploymentFiles.root().toString(),
                                "-f",
                                file.toString(),
                                "config")
                        .redirectErrorStream(true)
                        .start();
        byte[] out = p.getInputStream().readAllBytes();
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("docker-compose config did not finish within 60 s");
        }
        return new Result(p.exitValue(), new String(out, StandardCharsets.UTF_8));
    }

    /** The docker-compose binary on the PATH; skips, or under CI fails, when there is none. */
    private static Path dockerCompose() {
        Optional<Path> found =
                Stream.of(System.getenv().getOrDefault("PATH", "").split(File.pathSeparator))
                        .map(d -> Path.of(d, "docker-compose"))
                        .filter(Files::isExecutable)
                        .findFirst();
        if (found.isEmpty()) {
            String reason =
                    "docker-compose is not installed (Debian: apt-get install docker-compose)";
            if (System.getenv(CI_VARIABLE) != null) {
                throw new AssertionError(reason + ", and " + CI_VARIABLE + " says CI installs it");
            }
            Assumptions.abort(reason + ": docker-compose.yml is not validated");
        }
        return found.get();
    }
}
