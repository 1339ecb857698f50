package io.herald.operators;

import static java.nio.charset.StandardCharsets.UTF_8;

import io.herald.wire.DeadLetterReason;
import java.io.IOException;
import org.apache.flink.api.common.typeutils.SimpleTypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.base.TypeSerializerSingleton;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/**
 * Flink's serializer of a {@link SourceRecord} across the {@code keyBy} between the source and the
 * sequencer: every record read crosses it once. Written by hand because Flink's POJO serializer of
 * a Java record reads each field by reflection, writes a null marker per field and rebuilds the
 * record through its constructor by reflection with boxed arguments; this one writes the fields in
 * a fixed order behind one byte of flags.
 *
 * <p>Format (version 1): whether it is valid, topic, partition, offset, timestamp, key, value,
 * message-id, publisher, then for a valid record its subject, otherwise its reason's name and its
 * error. Byte arrays are a length (−1 for null) and the bytes; strings are their UTF-8 bytes so,
 * which the JDK encodes and decodes in bulk, where Flink's string format goes one character at a
 * time. Records are immutable, so a copy is the record itself.
 */
public final class SourceRecordTypeSerializer extends TypeSerializerSingleton<SourceRecord> {
    private static final long serialVersionUID = 1L;

    /** The one instance: the serializer has no configuration. */
    public static final SourceRecordTypeSerializer INSTANCE = new SourceRecordTypeSerializer();

    private SourceRecordTypeSerializer() {}

    @Override
    public boolean isImmutableType() {
        return true;
    }

    @Override
    public SourceRecord createInstance() {
        return new SourceRecord("", 0, 0, null, null, 0, null, null, "", null, null);
    }

    @Override
    public SourceRecord copy(SourceRecord from) {
        return from;
    }

    @Override
    public SourceRecord copy(SourceRecord from, SourceRecord reuse) {
        return from;
    }

    @Override
    public int getLength() {
        return -1;
    }

    @Override
    public void serialize(SourceRecord r, DataOutputView out) throws IOException {
        out.writeBoolean(r.isValid());
        writeString(r.topic(), out);
        out.writeInt(r.partition());
        out.writeLong(r.offset());
        out.writeLong(r.timestamp());
        writeBytes(r.key(), out);
        writeBytes(r.value(), out);
        writeString(r.messageId(), out);
        writeString(r.publisher(), out);
        if (r.isValid()) {
            writeString(r.subject(), out);
        } else {
            writeString(r.reason().name(), out);
            writeString(r.error(), out);
        }
    }

    @Override
    public SourceRecord deserialize(DataInputView in) throws IOException {
        boolean valid = in.readBoolean();
        String topic = readString(in);
        int partition = in.readInt();
        long offset = in.readLong();
        long timestamp = in.readLong();
        byte[] key = readBytes(in);
        byte[] value = readBytes(in);
        String messageId = readString(in);
        String publisher = readString(in);
        if (valid) {
            String subject = readString(in);
            return new SourceRecord(
                    topic, partition, offset, key, value, timestamp, messageId, publisher, subject,
                    null, null);
        }
        DeadLetterReason reason = DeadLetterReason.valueOf(readString(in));
        String error = readString(in);
        return new SourceRecord(
                topic, partition, offset, key, value, timestamp, messageId, publisher, null, reason,
                error);
    }

    @Override
    public SourceRecord deserialize(SourceRecord reuse, DataInputView in) throws IOException {
        return deserialize(in);
    }

    @Override
    public void copy(DataInputView in, DataOutputView out) throws IOException {
        serialize(deserialize(in), out);
    }

    @Override
    public TypeSerializerSnapshot<SourceRecord> snapshotConfiguration() {
        return new Snapshot();
    }

    private static void writeBytes(byte[] bytes, DataOutputView out) throws IOException {
        if (bytes == null) {
            out.writeInt(-1);
        } else {
            out.writeInt(bytes.length);
            out.write(bytes);
        }
    }

    private static byte[] readBytes(DataInputView in) throws IOException {
        int length = in.readInt();
        if (length < 0) {
            return null;
        }
        byte[] bytes = new byte[length];
        in.readFully(bytes);
        return bytes;
    }

    private static void writeString(String s, DataOutputView out) throws IOException {
        writeBytes(s == null ? null : s.getBytes(UTF_8), out);
    }

    private static String readString(DataInputView in) throws IOException {
        byte[] bytes = readBytes(in);
        return bytes == null ? null : new String(bytes, UTF_8);
    }

    /** The serializer's snapshot: it has no configuration, so only its class and version. */
    public static final class Snapshot extends SimpleTypeSerializerSnapshot<SourceRecord> {
        public Snapshot() {
            super(() -> INSTANCE);
        }
    }
}
