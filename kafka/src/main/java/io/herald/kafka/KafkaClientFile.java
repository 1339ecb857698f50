package io.herald.kafka;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import java.util.TreeSet;

/**
 * A Kafka client properties file ({@code --kafka-config FILE}) applied to every Kafka client a
 * Herald process creates, consumer, producer and admin alike: {@code security.protocol}, SASL
 * (PLAIN, SCRAM, OAUTHBEARER), SSL, timeouts. Secrets stay in the file; {@link #toString} names the
 * keys, never the values.
 *
 * <p>The keys Herald sets itself ({@link #RESERVED}) are refused, each with the reason, because
 * Herald's guarantees depend on them; every other key is passed as it is, and Herald's own tuning
 * (e.g. {@code linger.ms}) gives way to the file's.
 */
public final class KafkaClientFile {

    /** The keys a file may not set, and why. */
    public static final Map<String, String> RESERVED = reserved();

    private static final KafkaClientFile NONE = new KafkaClientFile("none", Map.of());

    private final String source;
    private final Map<String, String> properties;

    private KafkaClientFile(String source, Map<String, String> properties) {
        this.source = source;
        this.properties = Map.copyOf(properties);
    }

    /** No file: Herald's settings only (a plaintext listener). */
    public static KafkaClientFile none() {
        return NONE;
    }

    /**
     * Reads {@code file} (Java properties syntax, as Kafka's own tools read {@code
     * --command-config}). Throws IllegalArgumentException naming the option when the file cannot be
     * read or sets a key of {@link #RESERVED}.
     */
    public static KafkaClientFile load(Path file) {
        Properties read = new Properties();
        try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            read.load(in);
        } catch (IOException e) {
            throw new IllegalArgumentException(
                    "--kafka-config: cannot read " + file.toAbsolutePath() + ": " + e, e);
        }
        Map<String, String> values = new HashMap<>();
        for (String key : read.stringPropertyNames()) {
            String reason = RESERVED.get(key);
            if (reason != null) {
                throw new IllegalArgumentException(
                        "--kafka-config "
                                + file
                                + ": "
                                + key
                                + " is set by Herald and may not be in the file: "
                                + reason);
            }
            values.put(key, read.getProperty(key).trim());
        }
        return new KafkaClientFile(file.toString(), values);
    }

    /** {@link #load} when {@code file} is given, else {@link #none}. */
    public static KafkaClientFile loadOrNone(Path file) {
        return file == null ? none() : load(file);
    }

    /** The file's properties, unmodifiable. */
    public Map<String, String> properties() {
        return properties;
    }

    /**
     * A client's settings: the file's properties, then {@code herald}'s over them (they cannot
     * clash on a reserved key, which the file may not hold; Herald's tuning keys that the file also
     * sets keep the file's value).
     */
    public Map<String, Object> apply(Map<String, Object> herald) {
        Map<String, Object> merged = new HashMap<>(herald);
        merged.putAll(properties);
        for (String key : RESERVED.keySet()) {
            if (herald.containsKey(key)) {
                merged.put(key, herald.get(key));
            }
        }
        return merged;
    }

    /** {@link #apply} as {@link Properties}, for the APIs that take them. */
    public Properties applyToProperties(Map<String, Object> herald) {
        Properties p = new Properties();
        p.putAll(apply(herald));
        return p;
    }

    /** Equal when they set the same properties, wherever they were read from. */
    @Override
    public boolean equals(Object o) {
        return o instanceof KafkaClientFile other && properties.equals(other.properties);
    }

    @Override
    public int hashCode() {
        return properties.hashCode();
    }

    /** The file and the keys it sets, never their values: for logs and errors. */
    @Override
    public String toString() {
        return "kafka-config=" + source + " keys=" + new TreeSet<>(properties.keySet());
    }

    private static Map<String, String> reserved() {
        Map<String, String> r = new LinkedHashMap<>();
        r.put("bootstrap.servers", "give the brokers with --bootstrap-servers");
        String bytes = "Herald reads and writes records as raw bytes";
        r.put("key.serializer", bytes);
        r.put("value.serializer", bytes);
        r.put("key.deserializer", bytes);
        r.put("value.deserializer", bytes);
        r.put(
                "isolation.level",
                "readers must see committed records only (read_committed), or exactly-once is"
                        + " lost");
        r.put(
                "transactional.id",
                "the job's exactly-once sinks own their transactions (--transactional-id-prefix)");
        r.put(
                "group.id",
                "the job's source group is --group-id; the edge and the tools read without one");
        r.put(
                "enable.auto.commit",
                "offsets are committed by Herald when a checkpoint completes, or not at all");
        r.put(
                "auto.offset.reset",
                "where reading starts is part of the edge's recovery proof and of the job's"
                        + " restore");
        r.put(
                "enable.idempotence",
                "publishing relies on the idempotent producer: no duplicate on retry");
        r.put("acks", "every write waits for all in-sync replicas (acks=all)");
        r.put(
                "transaction.timeout.ms",
                "the job's sinks take it from --transaction-timeout, below the brokers' maximum");
        return Collections.unmodifiableMap(r);
    }
}
