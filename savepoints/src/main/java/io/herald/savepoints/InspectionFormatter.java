package io.herald.savepoints;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.OptionalLong;
import java.util.stream.Collectors;

/**
 * Prints an {@link Inspection} as a table for people or as one JSON document for scripts. The JSON
 * field names are a contract for scripts: {@code path}, {@code subjectPrefix}, {@code subjects}
 * ({@code subject}, {@code epoch}, {@code seq}), {@code subjectCount}, {@code epochs} ({@code
 * epoch}, {@code subjects}), {@code issuedEpochs}, {@code highestIssuedEpoch} (null when none).
 */
public final class InspectionFormatter {

    private static final ObjectMapper JSON =
            new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private InspectionFormatter() {}

    /** Formats in the given format; the result ends with a newline. */
    public static String format(Inspection inspection, OutputFormat format) {
        return switch (format) {
            case TABLE -> table(inspection);
            case JSON -> json(inspection);
        };
    }

    static String table(Inspection in) {
        int subjectWidth = "SUBJECT".length();
        int epochWidth = "EPOCH".length();
        for (SubjectPositionRow r : in.subjects()) {
            subjectWidth = Math.max(subjectWidth, r.subject.length());
            epochWidth = Math.max(epochWidth, Long.toString(r.epoch).length());
        }
        String epochColumn = "%" + epochWidth + "d";
        String row = "%-" + subjectWidth + "s  %" + epochWidth + "s  %s%n";
        StringBuilder out = new StringBuilder();
        out.append(String.format(row, "SUBJECT", "EPOCH", "SEQ"));
        for (SubjectPositionRow r : in.subjects()) {
            out.append(String.format(row, r.subject, r.epoch, r.seq));
        }
        Map<Long, Long> perEpoch = in.subjectsPerEpoch();
        out.append(System.lineSeparator())
                .append(in.subjects().size())
                .append(in.subjects().size() == 1 ? " subject" : " subjects")
                .append(in.subjectPrefix().isEmpty() ? "" : " under " + in.subjectPrefix())
                .append(" in ")
                .append(perEpoch.size())
                .append(perEpoch.size() == 1 ? " epoch" : " epochs")
                .append(System.lineSeparator());
        perEpoch.forEach(
                (epoch, count) ->
                        out.append(
                                String.format("  epoch " + epochColumn + ": %d%n", epoch, count)));
        out.append("issued epochs (union state): ")
                .append(
                        in.issuedEpochs().isEmpty()
                                ? "none"
                                : in.issuedEpochs().stream()
                                        .map(String::valueOf)
                                        .collect(Collectors.joining(", ")))
                .append(System.lineSeparator());
        OptionalLong highest = in.highestIssuedEpoch();
        out.append("highest issued epoch: ")
                .append(highest.isPresent() ? Long.toString(highest.getAsLong()) : "none")
                .append(System.lineSeparator());
        return out.toString();
    }

    static String json(Inspection in) {
        ObjectNode root = JSON.createObjectNode();
        root.put("path", in.path());
        root.put("subjectPrefix", in.subjectPrefix());
        ArrayNode subjects = root.putArray("subjects");
        for (SubjectPositionRow r : in.subjects()) {
            subjects.addObject().put("subject", r.subject).put("epoch", r.epoch).put("seq", r.seq);
        }
        root.put("subjectCount", in.subjects().size());
        ArrayNode epochs = root.putArray("epochs");
        in.subjectsPerEpoch()
                .forEach(
                        (epoch, count) ->
                                epochs.addObject().put("epoch", epoch).put("subjects", count));
        ArrayNode issued = root.putArray("issuedEpochs");
        in.issuedEpochs().forEach(issued::add);
        OptionalLong highest = in.highestIssuedEpoch();
        if (highest.isPresent()) {
            root.put("highestIssuedEpoch", highest.getAsLong());
        } else {
            root.putNull("highestIssuedEpoch");
        }
        try {
            return JSON.writeValueAsString(root) + System.lineSeparator();
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
