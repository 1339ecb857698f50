package io.herald.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.yaml.snakeyaml.Yaml;

/** The repository's deployment files, read as the tests need them. */
final class DeploymentFiles {

    static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    private DeploymentFiles() {}

    /** The repository's root: the folder above this module holding {@code mvnw}. */
    static Path root() {
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            if (Files.isRegularFile(p.resolve("mvnw"))
                    && Files.isRegularFile(p.resolve("docker-compose.yml"))) {
                return p;
            }
        }
        throw new IllegalStateException("no repository root above " + Path.of("").toAbsolutePath());
    }

    static Path composeFile() {
        return root().resolve("docker-compose.yml");
    }

    /** The Kubernetes manifests: every {@code .yaml} file of {@code deploy/kubernetes/}. */
    static List<Path> kubernetesManifests() {
        try (Stream<Path> files = Files.list(root().resolve("deploy/kubernetes"))) {
            return files.filter(p -> p.getFileName().toString().endsWith(".yaml"))
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The Dockerfiles the images are built from. */
    static List<Path> dockerfiles() {
        return List.of(
                root().resolve("websocket-edge/Dockerfile"), root().resolve("job/Dockerfile"));
    }

    /**
     * A YAML file as a tree, read as Compose and Kubernetes read it: with anchors, aliases and
     * merge keys ({@code <<: *anchor}) resolved, which SnakeYAML does and Jackson's parser does
     * not.
     */
    static JsonNode yaml(Path file) {
        Object document = new Yaml().load(text(file));
        return YAML.valueToTree(document);
    }

    static String text(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
