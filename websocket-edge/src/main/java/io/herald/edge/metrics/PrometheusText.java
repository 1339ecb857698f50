package io.herald.edge.metrics;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.LongAdder;

/** Builds the Prometheus text exposition format, version 0.0.4. */
final class PrometheusText {
    private final StringBuilder out = new StringBuilder(4096);

    void counter(String name, String help, long value) {
        header(name, help, "counter");
        out.append(name).append(' ').append(value).append('\n');
    }

    void gauge(String name, String help, long value) {
        header(name, help, "gauge");
        out.append(name).append(' ').append(value).append('\n');
    }

    void gauge(String name, String help, double value) {
        header(name, help, "gauge");
        out.append(name).append(' ').append(value).append('\n');
    }

    <K> void labelled(String name, String help, String label, Map<K, LongAdder> values) {
        header(name, help, "counter");
        for (Map.Entry<String, Long> e : sorted(values).entrySet()) {
            out.append(name)
                    .append('{')
                    .append(label)
                    .append("=\"")
                    .append(e.getKey())
                    .append("\"} ")
                    .append(e.getValue())
                    .append('\n');
        }
    }

    private static <K> Map<String, Long> sorted(Map<K, LongAdder> values) {
        Map<String, Long> s = new TreeMap<>();
        values.forEach((k, v) -> s.put(String.valueOf(k), v.sum()));
        return s;
    }

    private void header(String name, String help, String type) {
        out.append("# HELP ").append(name).append(' ').append(help).append('\n');
        out.append("# TYPE ").append(name).append(' ').append(type).append('\n');
    }

    @Override
    public String toString() {
        return out.toString();
    }
}
