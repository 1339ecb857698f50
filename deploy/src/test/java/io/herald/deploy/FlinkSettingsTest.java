package io.herald.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.CoreOptions;
import org.apache.flink.configuration.HeartbeatManagerOptions;
import org.apache.flink.configuration.HighAvailabilityOptions;
import org.apache.flink.configuration.JobManagerOptions;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.configuration.StateBackendOptions;
import org.apache.flink.configuration.TaskManagerOptions;
import org.junit.jupiter.api.Test;

/**
 * The Flink settings of docker-compose.yml and the FlinkDeployment are current keys of the build's
 * Flink version: a misspelt key would be ignored by Flink, and a deprecated one may disappear.
 */
class FlinkSettingsTest {

    private static final List<Class<?>> OPTION_CLASSES =
            List.of(
                    CoreOptions.class,
                    JobManagerOptions.class,
                    TaskManagerOptions.class,
                    StateBackendOptions.class,
                    CheckpointingOptions.class,
                    HeartbeatManagerOptions.class,
                    HighAvailabilityOptions.class,
                    RestOptions.class);

    @Test
    void everyFlinkSettingIsACurrentKey() {
        Set<String> keys = currentKeys();
        List<String> settings = new ArrayList<>();
        JsonNode compose = DeploymentFiles.yaml(DeploymentFiles.composeFile());
        for (String service : List.of("jobmanager", "taskmanager")) {
            String properties =
                    compose.path("services")
                            .path(service)
                            .path("environment")
                            .path("FLINK_PROPERTIES")
                            .asText();
            assertThat(properties).as("%s's FLINK_PROPERTIES", service).isNotBlank();
            properties.lines().forEach(l -> settings.add(l.substring(0, l.indexOf(':')).strip()));
        }
        DeploymentFiles.yaml(
                        DeploymentFiles.root().resolve("deploy/kubernetes/flink-deployment.yaml"))
                .path("spec")
                .path("flinkConfiguration")
                .fieldNames()
                .forEachRemaining(settings::add);

        assertThat(settings).hasSizeGreaterThan(10);
        assertThat(keys).as("current Flink keys").containsAll(settings);
    }

    /** The keys of the options Flink defines, without their deprecated names. */
    private static Set<String> currentKeys() {
        Set<String> keys = new TreeSet<>();
        for (Class<?> type : OPTION_CLASSES) {
            for (Field f : type.getFields()) {
                if (Modifier.isStatic(f.getModifiers())
                        && ConfigOption.class.isAssignableFrom(f.getType())
                        && !f.isAnnotationPresent(Deprecated.class)) {
                    try {
                        keys.add(((ConfigOption<?>) f.get(null)).key());
                    } catch (IllegalAccessException e) {
                        throw new IllegalStateException(e);
                    }
                }
            }
        }
        return keys;
    }
}
