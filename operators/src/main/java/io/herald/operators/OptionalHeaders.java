package io.herald.operators;

import io.herald.wire.SequencedHeaders;
import org.apache.kafka.common.header.Headers;

/** Adds a UTF-8 header only when its value is present. */
final class OptionalHeaders {

    private OptionalHeaders() {}

    static void add(Headers headers, String name, String value) {
        if (value != null) {
            headers.add(name, SequencedHeaders.encodeString(value));
        }
    }
}
