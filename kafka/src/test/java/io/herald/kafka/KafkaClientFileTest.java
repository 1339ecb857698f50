package io.herald.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KafkaClientFileTest {

    @TempDir Path dir;

    private Path file(String content) throws Exception {
        Path f = dir.resolve("client.properties");
        Files.writeString(f, content);
        return f;
    }

    @Test
    void passesEverySecuritySettingToTheClientAndKeepsHeraldsOwnKeys() throws Exception {
        KafkaClientFile f =
                KafkaClientFile.load(
                        file(
                                "security.protocol=SASL_SSL\n"
                                        + "sasl.mechanism=SCRAM-SHA-256\n"
                                        + "linger.ms=20\n"));

        Map<String, Object> merged =
                f.apply(Map.of("bootstrap.servers", "k:9092", "linger.ms", 1, "acks", "all"));

        assertThat(merged)
                .containsEntry("security.protocol", "SASL_SSL")
                .containsEntry("sasl.mechanism", "SCRAM-SHA-256")
                .containsEntry("bootstrap.servers", "k:9092")
                .containsEntry("acks", "all")
                .as("Herald's tuning gives way to the file's")
                .containsEntry("linger.ms", "20");
    }

    @Test
    void refusesEveryKeyHeraldSetsItselfNamingTheKeyAndWhy() throws Exception {
        for (String key : KafkaClientFile.RESERVED.keySet()) {
            Path f = file(key + "=x\n");
            assertThatThrownBy(() -> KafkaClientFile.load(f))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageStartingWith(
                            "--kafka-config " + f + ": " + key + " is set by Herald")
                    .hasMessageEndingWith(KafkaClientFile.RESERVED.get(key));
        }
    }

    @Test
    void namesTheKeysButNeverTheSecrets() throws Exception {
        KafkaClientFile f =
                KafkaClientFile.load(
                        file(
                                "sasl.jaas.config=org.apache.kafka.common.security.scram"
                                        + ".ScramLoginModule required username=\"u\""
                                        + " password=\"s3cret\";\n"));

        assertThat(f.toString()).contains("sasl.jaas.config").doesNotContain("s3cret");
    }

    @Test
    void anUnreadableFileNamesTheOption() {
        Path missing = dir.resolve("nope.properties");
        assertThatThrownBy(() -> KafkaClientFile.load(missing))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("--kafka-config: cannot read " + missing);
    }

    @Test
    void withoutAFileTheClientGetsHeraldsSettingsOnly() {
        assertThat(KafkaClientFile.loadOrNone(null).apply(Map.of("acks", "all")))
                .isEqualTo(Map.of("acks", "all"));
    }
}
