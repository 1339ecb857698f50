package io.herald.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.gson.JsonElement;
import com.google.gson.JsonParser;
import com.networknt.schema.Error;
import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import io.kubernetes.client.openapi.models.V1Deployment;
import io.kubernetes.client.openapi.models.V1PodDisruptionBudget;
import io.kubernetes.client.openapi.models.V1Service;
import io.kubernetes.client.openapi.models.V2HorizontalPodAutoscaler;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Every manifest of deploy/kubernetes/ is valid for its kind: the Kubernetes API's own models for
 * the built-in kinds, the Flink operator's CRD for FlinkDeployment (deploy/kubernetes/schemas/).
 */
class KubernetesManifestsTest {

    private static final Schema FLINK_DEPLOYMENT = flinkDeploymentSchema();

    @Test
    void everyManifestIsValidForItsKind() throws IOException {
        List<Path> manifests = DeploymentFiles.kubernetesManifests();
        assertThat(manifests).isNotEmpty();
        for (Path manifest : manifests) {
            assertThat(validate(DeploymentFiles.yaml(manifest)))
                    .as("%s", manifest.getFileName())
                    .isEmpty();
        }
        assertThat(manifests.stream().map(m -> DeploymentFiles.yaml(m).path("kind").asText()))
                .containsExactlyInAnyOrder(
                        "FlinkDeployment",
                        "Deployment",
                        "Service",
                        "HorizontalPodAutoscaler",
                        "PodDisruptionBudget");
    }

    @Test
    void theValidatorsRefuseWhatKubernetesWouldRefuse() throws IOException {
        ObjectNode deployment = manifest("edge-deployment.yaml");
        ((ObjectNode)
                        deployment
                                .path("spec")
                                .path("template")
                                .path("spec")
                                .path("containers")
                                .get(0))
                .putObject("readinesProbe");
        assertThatThrownBy(() -> validate(deployment))
                .hasMessageContaining(
                        "The field `readinesProbe` in the JSON string is not defined");
        ObjectNode service = manifest("edge-service.yaml");
        ((ObjectNode) service.path("spec").path("ports").get(0)).put("targetPorts", "ws");
        assertThatThrownBy(() -> validate(service)).hasMessageContaining("targetPorts");

        ObjectNode flink = manifest("flink-deployment.yaml");
        ((ObjectNode) flink.path("spec").path("job")).put("upgradeMode", "checkpoint");
        ((ObjectNode) flink.path("spec")).put("flinkVersion", "v1_9");
        ((ObjectNode) flink.path("spec").path("taskManager")).put("replica", 2);
        assertThat(validate(flink))
                .anyMatch(e -> e.contains("upgradeMode"))
                .anyMatch(e -> e.contains("flinkVersion"))
                .anyMatch(e -> e.contains("replica"));
    }

    private static ObjectNode manifest(String name) {
        return (ObjectNode)
                DeploymentFiles.yaml(DeploymentFiles.root().resolve("deploy/kubernetes/" + name));
    }

    /** The errors found, empty when valid; the Kubernetes models throw on the first one. */
    private static List<String> validate(JsonNode manifest) throws IOException {
        String kind = manifest.path("kind").asText();
        JsonElement json = JsonParser.parseString(manifest.toString());
        switch (kind) {
            case "Deployment" -> V1Deployment.validateJsonElement(json);
            case "Service" -> V1Service.validateJsonElement(json);
            case "HorizontalPodAutoscaler" -> {
                assertThat(manifest.path("apiVersion").asText()).isEqualTo("autoscaling/v2");
                V2HorizontalPodAutoscaler.validateJsonElement(json);
            }
            case "PodDisruptionBudget" -> {
                assertThat(manifest.path("apiVersion").asText()).isEqualTo("policy/v1");
                V1PodDisruptionBudget.validateJsonElement(json);
            }
            case "FlinkDeployment" -> {
                assertThat(manifest.path("apiVersion").asText())
                        .isEqualTo("flink.apache.org/v1beta1");
                return FLINK_DEPLOYMENT.validate(manifest.toString(), InputFormat.JSON).stream()
                        .map(Error::toString)
                        .toList();
            }
            default -> throw new AssertionError("no schema for kind " + kind);
        }
        if (!manifest.path("apiVersion").asText().matches("v1|apps/v1|autoscaling/v2|policy/v1")) {
            throw new AssertionError("unexpected apiVersion " + manifest.path("apiVersion"));
        }
        return List.of();
    }

    /** The CRD's v1beta1 schema, strict as {@code kubectl apply --validate=strict}. */
    private static Schema flinkDeploymentSchema() {
        JsonNode crd =
                DeploymentFiles.yaml(
                        DeploymentFiles.root()
                                .resolve(
                                        "deploy/kubernetes/schemas/"
                                                + "flinkdeployments.flink.apache.org-v1.yml"));
        JsonNode schema = null;
        for (JsonNode version : crd.path("spec").path("versions")) {
            if (version.path("name").asText().equals("v1beta1")) {
                schema = version.path("schema").path("openAPIV3Schema").deepCopy();
            }
        }
        if (schema == null) {
            throw new IllegalStateException("the CRD has no v1beta1 schema");
        }
        refuseUndeclaredFields(schema);
        // The API server adds these to every object; a manifest may set apiVersion, kind, metadata.
        ObjectNode props = (ObjectNode) schema.path("properties");
        props.putObject("apiVersion").put("type", "string");
        props.putObject("kind").put("type", "string");
        props.putObject("metadata").put("type", "object");
        return SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_4).getSchema(schema);
    }

    /**
     * Objects with declared properties take no others, unless marked {@code
     * x-kubernetes-preserve-unknown-fields} (the API server prunes or, strictly, refuses them).
     */
    private static void refuseUndeclaredFields(JsonNode node) {
        if (node instanceof ObjectNode object) {
            if (object.has("properties")
                    && !object.has("additionalProperties")
                    && !object.path("x-kubernetes-preserve-unknown-fields").asBoolean(false)) {
                object.put("additionalProperties", false);
            }
            for (Map.Entry<String, JsonNode> field : object.properties()) {
                refuseUndeclaredFields(field.getValue());
            }
        } else if (node.isArray()) {
            node.forEach(KubernetesManifestsTest::refuseUndeclaredFields);
        }
    }
}
