package io.herald.edge.it;

import io.herald.edge.Edge;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads an edge's figures the way an operator does: from {@code /metrics}. */
final class EdgeProbe {
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private EdgeProbe() {}

    /** The value of the unlabelled metric {@code name}. */
    static long metric(Edge edge, String name) throws Exception {
        HttpResponse<String> r =
                HTTP.send(
                        HttpRequest.newBuilder(
                                        URI.create("http://127.0.0.1:" + edge.port() + "/metrics"))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        Matcher m = Pattern.compile("(?m)^" + name + " (\\d+)$").matcher(r.body());
        if (!m.find()) {
            throw new AssertionError("no metric " + name + " in /metrics");
        }
        return Long.parseLong(m.group(1));
    }

    /** Bytes waiting in the edge's outbound buffers, every connection together. */
    static long outboundPendingBytes(Edge edge) throws Exception {
        return metric(edge, "herald_edge_outbound_pending_bytes");
    }
}
