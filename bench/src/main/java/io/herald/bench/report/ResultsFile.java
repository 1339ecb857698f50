package io.herald.bench.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.herald.bench.proc.ProcStat;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes a scenario's tables to {@code bench/results/<scenario>-<UTC time>.json} with what is
 * needed to read them later: the command, when it ran, the machine's cores and load average.
 */
public final class ResultsFile {
    private static final DateTimeFormatter STAMP =
            DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC);

    private ResultsFile() {}

    /** Writes the file and returns its path. */
    public static Path write(
            Path dir,
            String scenario,
            String command,
            Instant started,
            double loadBefore,
            List<ResultTable> tables)
            throws IOException {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("scenario", scenario);
        doc.put("command", command);
        doc.put("started", started.toString());
        doc.put("finished", Instant.now().toString());
        doc.put("cores", Runtime.getRuntime().availableProcessors());
        doc.put("loadAverageBefore", loadBefore);
        doc.put("loadAverageAfter", ProcStat.loadAverage());
        doc.put("java", System.getProperty("java.version"));
        Map<String, Object> tablesByTitle = new LinkedHashMap<>();
        for (ResultTable t : tables) {
            tablesByTitle.put(t.title(), t.rows());
        }
        doc.put("tables", tablesByTitle);
        Files.createDirectories(dir);
        Path file = dir.resolve(scenario + "-" + STAMP.format(started) + ".json");
        new ObjectMapper()
                .enable(SerializationFeature.INDENT_OUTPUT)
                .writeValue(file.toFile(), doc);
        return file;
    }
}
