package io.herald.bench.report;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The figures of one scenario: rows of named values, printed as an aligned table and written as
 * JSON by {@link ResultsFile}. Numbers keep their full precision in JSON; the table rounds them.
 */
public final class ResultTable {
    private final String title;
    private final List<Map<String, Object>> rows = new ArrayList<>();

    public ResultTable(String title) {
        this.title = title;
    }

    /** Adds a row; {@code keysAndValues} alternate a column name and its value. */
    public synchronized void add(Object... keysAndValues) {
        Map<String, Object> row = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            row.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        rows.add(row);
    }

    public String title() {
        return title;
    }

    public synchronized List<Map<String, Object>> rows() {
        return List.copyOf(rows);
    }

    /** The table as text: one column per key seen in any row, in first-seen order. */
    public synchronized String format() {
        List<String> columns = new ArrayList<>();
        for (Map<String, Object> row : rows) {
            for (String k : row.keySet()) {
                if (!columns.contains(k)) {
                    columns.add(k);
                }
            }
        }
        List<List<String>> cells = new ArrayList<>();
        cells.add(columns);
        for (Map<String, Object> row : rows) {
            cells.add(columns.stream().map(c -> text(row.get(c))).toList());
        }
        int[] width = new int[columns.size()];
        for (List<String> line : cells) {
            for (int i = 0; i < width.length; i++) {
                width[i] = Math.max(width[i], line.get(i).length());
            }
        }
        StringBuilder out = new StringBuilder(title).append('\n');
        for (List<String> line : cells) {
            for (int i = 0; i < width.length; i++) {
                out.append(String.format(Locale.ROOT, "%" + width[i] + "s  ", line.get(i)));
            }
            out.setLength(out.length() - 2);
            out.append('\n');
        }
        return out.toString();
    }

    static String text(Object value) {
        if (value == null) {
            return "-";
        }
        if (value instanceof Double d) {
            double a = Math.abs(d);
            String pattern = a >= 100 ? "%.0f" : a >= 10 ? "%.1f" : a >= 1 ? "%.2f" : "%.3f";
            return String.format(Locale.ROOT, pattern, d);
        }
        return value.toString();
    }
}
