package io.herald.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.herald.admin.AdminMain;
import io.herald.cli.Cli;
import io.herald.cli.EnvironmentDefaults;
import io.herald.edge.EdgeOptions;
import io.herald.job.SequencerConfig;
import io.herald.job.SequencerOptions;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.runtime.util.EnvironmentInformation;
import org.apache.kafka.common.utils.AppInfoParser;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;

/**
 * The deployment files name only what the code defines: every {@code HERALD_*} variable is an
 * option of its process (and its value parses), every flag is an option, every class exists, every
 * jar path is what the build writes, ports and topics agree, and the images are of the versions the
 * build uses. Renaming an option, a class or a jar without updating docker-compose.yml, the
 * Dockerfiles and deploy/kubernetes/ fails here. An IT: it needs the packaged jars.
 */
class DeploymentCrossCheckIT {

    private static final Pattern HERALD_VARIABLE =
            Pattern.compile("\\bHERALD_[A-Z0-9_]*[A-Z0-9]\\b");
    private static final String VERSION = System.getProperty("herald.version");

    /**
     * A process's options: its environment prefix, a fresh command line reading {@code env}, and
     * the subcommand whose options these are (empty for a process without subcommands).
     */
    private record Process(
            String prefix,
            java.util.function.Function<Map<String, String>, CommandLine> commandLine,
            List<String> subcommand) {

        /** Parses {@code args} (after the subcommand) with {@code env}, as the process does. */
        void parse(Map<String, String> env, List<String> args) {
            List<String> all = new ArrayList<>(subcommand);
            all.addAll(args);
            Cli.parseArgs(commandLine.apply(env), all.toArray(String[]::new));
        }

        CommandLine.Model.CommandSpec options() {
            CommandLine cmd = commandLine.apply(Map.of());
            for (String name : subcommand) {
                cmd = cmd.getSubcommands().get(name);
            }
            return cmd.getCommandSpec();
        }

        Set<String> variables() {
            EnvironmentDefaults names = new EnvironmentDefaults(prefix, Map.of());
            Set<String> all = new TreeSet<>();
            for (OptionSpec o : options().options()) {
                if (EnvironmentDefaults.applies(o)) {
                    all.add(names.variable(o));
                }
            }
            return all;
        }
    }

    private static final Process EDGE =
            new Process(
                    EdgeOptions.ENV_PREFIX,
                    env -> Cli.commandLine(new EdgeOptions(), EdgeOptions.ENV_PREFIX, env),
                    List.of());
    private static final Process JOB =
            new Process(
                    SequencerOptions.ENV_PREFIX,
                    env ->
                            Cli.commandLine(
                                    new SequencerOptions(), SequencerOptions.ENV_PREFIX, env),
                    List.of());
    private static final Process ADMIN_TOPICS =
            new Process(
                    AdminMain.ENV_PREFIX,
                    env -> {
                        PrintStream discard = new PrintStream(new ByteArrayOutputStream());
                        return new AdminMain(discard, discard, env).commandLine();
                    },
                    List.of("topics"));

    private final JsonNode compose = DeploymentFiles.yaml(DeploymentFiles.composeFile());

    @Test
    void everyHeraldVariableIsAnOptionOfItsProcess() {
        List<Path> files = new ArrayList<>(DeploymentFiles.kubernetesManifests());
        files.add(DeploymentFiles.composeFile());
        files.addAll(DeploymentFiles.dockerfiles());
        Map<String, Process> byPrefix =
                Map.of(
                        EDGE.prefix() + "_", EDGE,
                        JOB.prefix() + "_", JOB,
                        ADMIN_TOPICS.prefix() + "_", ADMIN_TOPICS);
        int seen = 0;
        for (Path file : files) {
            Matcher m = HERALD_VARIABLE.matcher(DeploymentFiles.text(file));
            while (m.find()) {
                String variable = m.group();
                Process process =
                        byPrefix.entrySet().stream()
                                .filter(e -> variable.startsWith(e.getKey()))
                                .map(Map.Entry::getValue)
                                .findFirst()
                                .orElseThrow(
                                        () ->
                                                new AssertionError(
                                                        file
                                                                + ": "
                                                                + variable
                                                                + " is no process's"));
                assertThat(process.variables()).as("%s in %s", variable, file).contains(variable);
                seen++;
            }
        }
        assertThat(seen).as("variables found").isGreaterThan(10);
    }

    @Test
    void everyServiceEnvironmentParsesAsItsProcessReadsIt() {
        parses(EDGE, environment(compose.path("services").path("edge")));
        parses(JOB, environment(compose.path("services").path("jobmanager")));
        parses(ADMIN_TOPICS, environment(compose.path("services").path("topic-init")));
        parses(EDGE, kubernetesEnv(manifest("edge-deployment.yaml").path("spec").path("template")));
        parses(
                JOB,
                kubernetesEnv(
                        manifest("flink-deployment.yaml")
                                .path("spec")
                                .path("jobManager")
                                .path("podTemplate")));
    }

    @Test
    void everyFlagIsAnOptionAndEveryClassExists() throws Exception {
        List<String> topicInit =
                strings(compose.path("services").path("topic-init").path("command"));
        int jar = topicInit.indexOf("/opt/herald/herald-admin.jar");
        assertThat(topicInit.subList(0, jar + 1))
                .containsExactly("java", "-jar", "/opt/herald/herald-admin.jar");
        assertThat(topicInit.get(jar + 1)).isEqualTo("topics");
        ADMIN_TOPICS.parse(Map.of(), topicInit.subList(jar + 2, topicInit.size()));

        List<String> jobManager =
                strings(compose.path("services").path("jobmanager").path("command"));
        assertThat(jobManager.subList(0, 2)).containsExactly("standalone-job", "--job-classname");
        hasMain(jobManager.get(2));
        JOB.parse(Map.of(), jobManager.subList(3, jobManager.size()));

        JsonNode job = manifest("flink-deployment.yaml").path("spec").path("job");
        hasMain(job.path("entryClass").asText());
        JOB.parse(Map.of(), strings(job.path("args")));
    }

    @Test
    void everyJarPathIsWhatTheBuildWrites() {
        Path root = DeploymentFiles.root();
        String jobJar = "job/target/herald-job-" + VERSION + "-shaded.jar";
        String edgeJar = "websocket-edge/target/herald-websocket-edge-" + VERSION + ".jar";
        String adminJar = "admin/target/herald-admin-" + VERSION + ".jar";
        for (String built : List.of(jobJar, edgeJar, adminJar)) {
            assertThat(root.resolve(built)).as("built by ./mvnw package").isRegularFile();
        }
        assertThat(volumes("jobmanager"))
                .contains("./" + jobJar + ":/opt/flink/usrlib/herald-job.jar:ro");
        assertThat(volumes("taskmanager"))
                .contains("./" + jobJar + ":/opt/flink/usrlib/herald-job.jar:ro");
        assertThat(volumes("topic-init"))
                .contains("./" + adminJar + ":/opt/herald/herald-admin.jar:ro");

        assertThat(DeploymentFiles.text(root.resolve("job/Dockerfile")))
                .contains(
                        "target/herald-job-"
                                + VERSION
                                + "-shaded.jar /opt/flink/usrlib/herald-job.jar");
        assertThat(
                        manifest("flink-deployment.yaml")
                                .path("spec")
                                .path("job")
                                .path("jarURI")
                                .asText())
                .isEqualTo("local:///opt/flink/usrlib/herald-job.jar");
        assertThat(DeploymentFiles.text(root.resolve("websocket-edge/Dockerfile")))
                .contains(
                        "COPY target/herald-websocket-edge-"
                                + VERSION
                                + ".jar /opt/herald/herald-edge.jar")
                .contains("\"-jar\", \"/opt/herald/herald-edge.jar\"");
        assertThat(compose.path("services").path("edge").path("build").asText())
                .isEqualTo("./websocket-edge");
    }

    @Test
    void portsAgree() {
        String dockerfile =
                DeploymentFiles.text(DeploymentFiles.root().resolve("websocket-edge/Dockerfile"));
        Matcher port = Pattern.compile("HERALD_EDGE_PORT=(\\d+)").matcher(dockerfile);
        assertThat(port.find()).as("the edge image sets its port").isTrue();
        String edgePort = port.group(1);
        assertThat(dockerfile)
                .contains("EXPOSE " + edgePort)
                .contains("http://127.0.0.1:" + edgePort + "/healthz");

        JsonNode edge = compose.path("services").path("edge");
        assertThat(strings(edge.path("ports"))).singleElement().asString().endsWith(":" + edgePort);
        assertThat(strings(edge.path("healthcheck").path("test")))
                .anyMatch(s -> s.contains("http://127.0.0.1:" + edgePort + "/healthz"));

        JsonNode container =
                manifest("edge-deployment.yaml")
                        .path("spec")
                        .path("template")
                        .path("spec")
                        .path("containers")
                        .get(0);
        assertThat(container.path("ports").get(0).path("containerPort").asText())
                .isEqualTo(edgePort);
        assertThat(container.path("readinessProbe").path("httpGet").path("path").asText())
                .isEqualTo("/healthz");

        String rest = Integer.toString(RestOptions.PORT.defaultValue());
        JsonNode jobManager = compose.path("services").path("jobmanager");
        assertThat(strings(jobManager.path("ports")))
                .singleElement()
                .asString()
                .endsWith(":" + rest);
        assertThat(strings(jobManager.path("healthcheck").path("test")))
                .anyMatch(s -> s.contains("http://127.0.0.1:" + rest + "/jobs/overview"));
        assertThat(
                        strings(
                                compose.path("services")
                                        .path("taskmanager")
                                        .path("healthcheck")
                                        .path("test")))
                .anyMatch(s -> s.contains("http://jobmanager:" + rest + "/taskmanagers"));
    }

    @Test
    void topicsAgree() {
        Map<String, String> jobEnv = environment(compose.path("services").path("jobmanager"));
        Map<String, String> edgeEnv = environment(compose.path("services").path("edge"));
        List<String> init = strings(compose.path("services").path("topic-init").path("command"));
        String created = init.get(init.indexOf("--source-topics") + 1);
        assertThat(jobEnv.get("HERALD_JOB_SOURCE_TOPICS")).isEqualTo(created);
        assertThat(edgeEnv.get("HERALD_EDGE_SOURCE_TOPICS")).isEqualTo(created);
        // The sequenced and dead-letter topics are left to the defaults, which must be the same.
        for (String option : List.of("--sequenced-topic", "--dead-letter-topic")) {
            String jobDefault = defaultOf(JOB, option);
            assertThat(defaultOf(EDGE, option)).as(option).isEqualTo(jobDefault);
            assertThat(defaultOf(ADMIN_TOPICS, option)).as(option).isEqualTo(jobDefault);
        }
    }

    @Test
    void brokersForgetTheJobsTransactionalIdsAndProducersAfterAnHourNotDaysLater() {
        // The job's sinks use a new transactional id and producer id per checkpoint and subtask.
        // An open transaction is never forgotten, and the job's own never stay open longer than
        // its --transaction-timeout; a producer's state must outlive its retries (Kafka asks for
        // at least delivery.timeout.ms, 2 min by default, the job's producers' setting).
        SequencerConfig job =
                Cli.parse(
                        new SequencerOptions(),
                        SequencerOptions.ENV_PREFIX,
                        environment(compose.path("services").path("jobmanager")));
        for (String service : List.of("kafka-1", "kafka-2", "kafka-3")) {
            JsonNode env = compose.path("services").path(service).path("environment");
            Duration ids =
                    Duration.ofMillis(env.path("KAFKA_TRANSACTIONAL_ID_EXPIRATION_MS").asLong());
            Duration producers =
                    Duration.ofMillis(env.path("KAFKA_PRODUCER_ID_EXPIRATION_MS").asLong());
            assertThat(ids)
                    .as(service + " transactional.id.expiration.ms")
                    .isGreaterThan(job.transactionTimeout())
                    .isLessThanOrEqualTo(Duration.ofDays(1));
            assertThat(producers)
                    .as(service + " producer.id.expiration.ms")
                    .isGreaterThanOrEqualTo(Duration.ofMinutes(2))
                    .isLessThan(Duration.ofDays(1));
        }
    }

    @Test
    void imagesAreOfTheVersionsTheBuildUses() {
        String flink = EnvironmentInformation.getVersion();
        String kafka = AppInfoParser.getVersion();
        for (String service : List.of("kafka-1", "kafka-2", "kafka-3")) {
            assertThat(compose.path("services").path(service).path("image").asText())
                    .isEqualTo("apache/kafka:" + kafka);
        }
        for (String service : List.of("jobmanager", "taskmanager", "flink-data-init")) {
            assertThat(compose.path("services").path(service).path("image").asText())
                    .isEqualTo("flink:" + flink + "-java17");
        }
        assertThat(DeploymentFiles.text(DeploymentFiles.root().resolve("job/Dockerfile")))
                .contains("FROM flink:" + flink + "-java17");
        String[] parts = flink.split("\\.");
        assertThat(manifest("flink-deployment.yaml").path("spec").path("flinkVersion").asText())
                .isEqualTo("v" + parts[0] + "_" + parts[1]);
    }

    private static void parses(Process process, Map<String, String> env) {
        assertThat(env).as("%s variables", process.prefix()).isNotEmpty();
        // Values are converted as the process converts them (durations, sizes, numbers, modes).
        process.parse(env, List.of());
    }

    private static String defaultOf(Process process, String option) {
        return process.options().findOption(option).defaultValue();
    }

    private static void hasMain(String className) throws Exception {
        Method main = Class.forName(className).getMethod("main", String[].class);
        assertThat(Modifier.isStatic(main.getModifiers())).as(className + ".main").isTrue();
    }

    private static JsonNode manifest(String name) {
        return DeploymentFiles.yaml(DeploymentFiles.root().resolve("deploy/kubernetes/" + name));
    }

    private List<String> volumes(String service) {
        return strings(compose.path("services").path(service).path("volumes"));
    }

    /** A compose service's {@code environment} map, HERALD_* entries only. */
    private static Map<String, String> environment(JsonNode service) {
        Map<String, String> env = new LinkedHashMap<>();
        service.path("environment")
                .properties()
                .forEach(
                        e -> {
                            if (e.getKey().startsWith("HERALD_")) {
                                env.put(e.getKey(), e.getValue().asText());
                            }
                        });
        return env;
    }

    /** The HERALD_* {@code env} of a pod template's first container. */
    private static Map<String, String> kubernetesEnv(JsonNode podTemplate) {
        Map<String, String> env = new LinkedHashMap<>();
        for (JsonNode e : podTemplate.path("spec").path("containers").get(0).path("env")) {
            if (e.path("name").asText().startsWith("HERALD_")) {
                env.put(e.path("name").asText(), e.path("value").asText());
            }
        }
        return env;
    }

    private static List<String> strings(JsonNode array) {
        List<String> values = new ArrayList<>();
        array.forEach(v -> values.add(v.asText()));
        return values;
    }
}
