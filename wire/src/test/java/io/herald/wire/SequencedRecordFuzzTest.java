package io.herald.wire;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Coverage-guided fuzzing (Jazzer) of the decoder of the sequenced topic's records, which every
 * edge runs on every record it reads (a topic any Kafka producer with write access can fill). A
 * record either decodes or is refused with an IllegalArgumentException (an {@link
 * InvalidSubjectException} for a bad key); a decoded one carries exactly the headers it was given.
 * Seed corpus: {@code SequencedRecordFuzzTestInputs/}.
 */
class SequencedRecordFuzzTest {

    private static final List<String> HEADERS =
            List.of(
                    SequencedHeaders.EPOCH,
                    SequencedHeaders.SEQ,
                    SequencedHeaders.SOURCE,
                    SequencedHeaders.MESSAGE_ID,
                    SequencedHeaders.PUBLISHER);

    @FuzzTest(maxDuration = "10s")
    void decodesOrRejectsEveryRecord(FuzzedDataProvider data) {
        byte[] key = data.consumeBoolean() ? null : data.consumeBytes(1100);
        long timestamp = data.consumeLong();
        Map<String, byte[]> headers = new HashMap<>();
        for (String name : HEADERS) {
            if (data.consumeBoolean()) {
                headers.put(name, data.consumeBytes(64));
            }
        }
        byte[] value = data.consumeRemainingAsBytes();

        SequencedMessage m;
        try {
            m = SequencedMessage.decode(key, value, timestamp, headers::get);
        } catch (IllegalArgumentException e) {
            assertThat(e.getMessage()).isNotBlank();
            return;
        }
        assertThat(m.subject().toBytes()).isEqualTo(key);
        assertThat(SequencedHeaders.encodeLong(m.position().epoch()))
                .isEqualTo(headers.get(SequencedHeaders.EPOCH));
        assertThat(SequencedHeaders.encodeLong(m.position().seq()))
                .isEqualTo(headers.get(SequencedHeaders.SEQ));
        assertThat(SourceRef.parse(m.source().toString())).isEqualTo(m.source());
        assertThat(m.content()).isEqualTo(value);
        assertThat(m.timestamp()).isEqualTo(timestamp);
    }
}
