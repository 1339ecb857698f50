package io.herald.operators;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import io.herald.wire.DeadLetterReason;
import java.io.IOException;
import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.junit.jupiter.api.Test;

class SourceRecordTypeSerializerTest {

    private final TypeSerializer<SourceRecord> serializer =
            TypeInformation.of(SourceRecord.class).createSerializer(new SerializerConfigImpl());

    @Test
    void everySourceRecordTypeIsTheHandWrittenSerializer() {
        assertThat(TypeInformation.of(SourceRecord.class)).isInstanceOf(SourceRecordTypeInfo.class);
        assertThat(new SourceRecordDeserializer(TestRecords.DEFAULT_LIMIT).getProducedType())
                .isInstanceOf(SourceRecordTypeInfo.class);
        assertThat(SequencerFunction.DEAD_LETTERS.getTypeInfo())
                .isInstanceOf(SourceRecordTypeInfo.class);
        assertThat(serializer).isSameAs(SourceRecordTypeSerializer.INSTANCE);
    }

    @Test
    void validRecordWithEveryFieldCrossesUnchanged() throws IOException {
        assertRoundTrip(
                TestRecords.source(
                        "chat", 2, 1_234_567_890_123L, "日本".getBytes(UTF_8), "m-7", "alice"));
    }

    @Test
    void validRecordWithNullKeyValueAndHeadersCrossesUnchanged() throws IOException {
        assertRoundTrip(
                new SourceRecord("demo", 0, 0, null, null, -1, null, null, "/demo", null, null));
        assertRoundTrip(
                new SourceRecord(
                        "demo", 0, 1, new byte[0], new byte[0], 5, "", "", "/demo", null, null));
    }

    @Test
    void deadLettersCrossWithTheirReasonAndError() throws IOException {
        SourceRecord invalid =
                TestRecords.source("demo", 4, 17, new byte[] {(byte) 0xc3, 0x28}, "m-9", "bob");
        assertThat(invalid.reason()).isEqualTo(DeadLetterReason.INVALID_SUBJECT);
        assertRoundTrip(invalid);
        assertRoundTrip(
                new SourceRecord(
                        "big",
                        1,
                        9,
                        "k".getBytes(UTF_8),
                        new byte[100_000],
                        3,
                        null,
                        null,
                        null,
                        DeadLetterReason.TOO_LARGE,
                        "too large"));
    }

    @Test
    void snapshotRestoresTheSameSerializer() throws IOException {
        TypeSerializerSnapshot<SourceRecord> snapshot = serializer.snapshotConfiguration();
        DataOutputSerializer out = new DataOutputSerializer(64);
        TypeSerializerSnapshot.writeVersionedSnapshot(out, snapshot);
        TypeSerializerSnapshot<SourceRecord> restored =
                TypeSerializerSnapshot.readVersionedSnapshot(
                        new DataInputDeserializer(out.getCopyOfBuffer()),
                        getClass().getClassLoader());

        assertThat(restored.restoreSerializer()).isSameAs(serializer);
        assertThat(
                        serializer
                                .snapshotConfiguration()
                                .resolveSchemaCompatibility(restored)
                                .isCompatibleAsIs())
                .isTrue();
    }

    private void assertRoundTrip(SourceRecord record) throws IOException {
        DataOutputSerializer out = new DataOutputSerializer(64);
        serializer.serialize(record, out);
        serializer.serialize(record, out);
        DataInputDeserializer in = new DataInputDeserializer(out.getCopyOfBuffer());
        SourceRecord first = serializer.deserialize(in);
        SourceRecord second = serializer.deserialize(serializer.createInstance(), in);

        assertThat(first).usingRecursiveComparison().isEqualTo(record);
        assertThat(second).usingRecursiveComparison().isEqualTo(record);
        assertThat(in.available()).as("nothing left over").isZero();

        DataOutputSerializer copied = new DataOutputSerializer(64);
        serializer.copy(new DataInputDeserializer(out.getCopyOfBuffer()), copied);
        assertThat(serializer.deserialize(new DataInputDeserializer(copied.getCopyOfBuffer())))
                .usingRecursiveComparison()
                .isEqualTo(record);
    }
}
