package io.herald.wire;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.util.Arrays;

/**
 * Coverage-guided fuzzing (Jazzer) of the subject parser, which reads clients' subscribe and
 * publish requests and every source record's key. The input is a subject's text; for the Kafka
 * mapping, the bytes before the first 0 byte are a topic name and the rest a record key. Parsing
 * either succeeds or throws {@link InvalidSubjectException}, agrees with {@link Subject#isValid},
 * and round-trips through text, bytes and topic plus key. Seed corpus: {@code
 * SubjectFuzzTestInputs/}.
 */
class SubjectFuzzTest {

    @FuzzTest(maxDuration = "10s")
    void parsesOrRejectsEverySubject(byte[] input) {
        String text = new String(input, UTF_8);
        Subject subject = parse(text);
        assertThat(Subject.isValid(text)).isEqualTo(subject != null);
        if (subject != null) {
            assertThat(subject.value()).isEqualTo(text);
            assertThat(Subject.fromBytes(subject.toBytes())).isEqualTo(subject);
            assertThat(Subject.ofTopicAndKey(subject.topic(), subject.key())).isEqualTo(subject);
            assertThat(subject.toBytes().length).isBetween(Subject.MIN_BYTES, Subject.MAX_BYTES);
        }

        int split = indexOfZero(input);
        String topic = new String(input, 0, split, UTF_8);
        if (split < input.length && Subject.isValidTopic(topic)) {
            byte[] key = Arrays.copyOfRange(input, split + 1, input.length);
            Subject ofRecord = ofRecord(topic, key);
            if (ofRecord != null) {
                assertThat(ofRecord.topic()).isEqualTo(topic);
                assertThat(ofRecord.keyBytes()).isEqualTo(key);
            }
        }
    }

    private static Subject parse(String text) {
        try {
            return Subject.parse(text);
        } catch (InvalidSubjectException e) {
            assertThat(e.getMessage()).isNotBlank();
            return null;
        }
    }

    private static Subject ofRecord(String topic, byte[] key) {
        try {
            return Subject.ofRecord(topic, key);
        } catch (InvalidSubjectException e) {
            assertThat(e.getMessage()).isNotBlank();
            return null;
        }
    }

    private static int indexOfZero(byte[] input) {
        for (int i = 0; i < input.length; i++) {
            if (input[i] == 0) {
                return i;
            }
        }
        return input.length;
    }
}
