package io.herald.wire;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.provider.Arguments;

/**
 * The language-neutral protocol vectors of {@code docs/protocol/vectors} (see its README), which
 * the wire pom puts on the test classpath; the JavaScript client's tests read the same files. Also
 * shipped in this module's test-jar for the Java client's tests.
 */
public final class ProtocolVectors {

    /** Integers read as longs, so that trees compare equal to ones built from Java longs. */
    private static final ObjectMapper JSON =
            new ObjectMapper().enable(DeserializationFeature.USE_LONG_FOR_INTS);

    private static final String ROOT = "/io/herald/protocol/";

    private ProtocolVectors() {}

    /** A vector file, e.g. {@code codes.json}, as a JSON tree. */
    public static JsonNode load(String file) {
        try (InputStream in = resource("vectors/" + file)) {
            return JSON.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read protocol vectors " + file, e);
        }
    }

    /**
     * The entries of the array at JSON pointer {@code at} (e.g. {@code /valid}) of {@code file}.
     */
    public static List<JsonNode> entries(String file, String at) {
        JsonNode array = load(file).at(at);
        if (!array.isArray() || array.isEmpty()) {
            throw new IllegalStateException(file + " has no entries at " + at);
        }
        List<JsonNode> out = new ArrayList<>();
        array.forEach(out::add);
        return out;
    }

    /**
     * The entries at {@code at} of {@code file} as parameterized-test arguments: the entry's {@code
     * label} field (e.g. {@code name}, {@code why}) to name the case, then the entry.
     */
    public static Stream<Arguments> cases(String file, String at, String label) {
        return entries(file, at).stream().map(v -> Arguments.of(v.path(label).asText(), v));
    }

    /** The {@code value} of the limit called {@code name} in {@code limits.json}. */
    public static long limit(String name) {
        for (JsonNode limit : entries("limits.json", "/limits")) {
            if (limit.path("name").asText().equals(name)) {
                return limit.path("value").longValue();
            }
        }
        throw new IllegalStateException("limits.json has no limit " + name);
    }

    /**
     * A string of a vector: either a JSON string or {@code {"prefix", "repeat", "times", "suffix"}}
     * for long ones; null for JSON null.
     */
    public static String string(JsonNode node) {
        if (node.isNull()) {
            return null;
        }
        if (node.isTextual()) {
            return node.textValue();
        }
        if (!node.path("repeat").isTextual() || !node.path("times").canConvertToInt()) {
            throw new IllegalStateException("not a vector string: " + node);
        }
        return node.path("prefix").asText("")
                + node.path("repeat").textValue().repeat(node.path("times").intValue())
                + node.path("suffix").asText("");
    }

    /** docs/PROTOCOL.md, the text the vectors belong to. */
    public static String protocolText() {
        try (InputStream in = resource("PROTOCOL.md")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read PROTOCOL.md", e);
        }
    }

    private static InputStream resource(String name) throws IOException {
        InputStream in = ProtocolVectors.class.getResourceAsStream(ROOT + name);
        if (in == null) {
            throw new IOException(ROOT + name + " is not on the test classpath (wire/pom.xml)");
        }
        return in;
    }
}
