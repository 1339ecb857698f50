package io.herald.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.herald.edge.auth.AuthenticationException;
import io.herald.edge.auth.Authenticator;
import io.herald.edge.auth.Principal;
import io.herald.edge.auth.TokenRules;
import io.herald.wire.Subject;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * deploy/docker/mint-token.sh mints tokens the edges of docker-compose.yml accept: checked with the
 * edge's own Authenticator and the compose file's development secret.
 */
class MintTokenScriptTest {

    @Test
    void aMintedTokenIsAcceptedByAnEdgeWithTheComposeSecret() throws Exception {
        Authenticator edge =
                Authenticator.create(
                        composeSecret(), null, TokenRules.lenient(), Clock.systemUTC());

        Principal p = edge.authenticate(mint(Map.of()));

        assertThat(p.maySubscribe(Subject.parse("/demo/room-1"))).isTrue();
        assertThat(p.mayPublish(Subject.parse("/demo/room-1"))).isTrue();
        assertThat(p.maySubscribe(Subject.parse("/other/room-1"))).isFalse();
    }

    @Test
    void anotherSecretSubjectAndPatternAreArguments() throws Exception {
        String token =
                mint(
                        Map.of("HERALD_SECRET", "another-development-secret-at-least-32-bytes"),
                        "alice",
                        "60",
                        "/chat/*");

        Principal p =
                Authenticator.create(
                                "another-development-secret-at-least-32-bytes",
                                null,
                                TokenRules.lenient(),
                                Clock.systemUTC())
                        .authenticate(token);
        assertThat(p.maySubscribe(Subject.parse("/chat/a"))).isTrue();
        assertThatThrownBy(
                        () ->
                                Authenticator.create(
                                                composeSecret(),
                                                null,
                                                TokenRules.lenient(),
                                                Clock.systemUTC())
                                        .authenticate(token))
                .isInstanceOf(AuthenticationException.class);
    }

    /** The edge service's HERALD_EDGE_AUTH_HS256_SECRET in docker-compose.yml. */
    private static String composeSecret() {
        Matcher m =
                Pattern.compile("HERALD_EDGE_AUTH_HS256_SECRET: (\\S+)")
                        .matcher(DeploymentFiles.text(DeploymentFiles.composeFile()));
        assertThat(m.find()).as("docker-compose.yml sets the edges' secret").isTrue();
        return m.group(1);
    }

    private static String mint(Map<String, String> env, String... args) throws Exception {
        List<String> command =
                new java.util.ArrayList<>(
                        List.of(
                                "bash",
                                DeploymentFiles.root()
                                        .resolve("deploy/docker/mint-token.sh")
                                        .toString()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().putAll(env);
        Process p = builder.redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
        return out;
    }
}
