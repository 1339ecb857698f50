package io.herald.edge.it;

import io.herald.edge.Edge;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads an edge's figures the way an operator does: from {@code /metrics}. */
final class EdgeProbe {
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private EdgeProbe() {}

    /** The value of the unlabelled metric {@code name}. */
    static long metric(Edge edge, String name) throws Exception {
        return matching(edge, name)
                .orElseThrow(() -> new AssertionError("no metric " + name + " in /metrics"));
    }

    /** The value of {@code name{label="value"}}, 0 when absent (no such event yet). */
    static long labelled(Edge edge, String name, String label, String value) throws Exception {
        String series = name + "\\{" + label + "=\"" + Pattern.quote(value) + "\"\\}";
        return matching(edge, series).orElse(0L);
    }

    private static Optional<Long> matching(Edge edge, String series) throws Exception {
        HttpResponse<String> r =
                HTTP.send(
                        HttpRequest.newBuilder(
                                        URI.create("http://127.0.0.1:" + edge.port() + "/metrics"))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        Matcher m = Pattern.compile("(?m)^" + series + " (\\d+)$").matcher(r.body());
        return m.find() ? Optional.of(Long.parseLong(m.group(1))) : Optional.empty();
    }

    /** Bytes waiting in the edge's outbound buffers, every connection together. */
    static long outboundPendingBytes(Edge edge) throws Exception {
        return metric(edge, "herald_edge_outbound_pending_bytes");
    }
}
