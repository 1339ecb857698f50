package io.herald.operators;

import io.herald.wire.DeadLetterReason;
import java.io.IOException;
import org.apache.flink.api.common.typeutils.SimpleTypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.base.TypeSerializerSingleton;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;
import org.apache.flink.types.StringValue;

/**
 * Flink's serializer of a {@link SourceRecord} across the {@code keyBy} between the source and the
 * sequencer: every record read crosses it once. Written by hand because Flink's POJO serializer of
 * a Java record reads each field by reflection, writes a null marker per field and rebuilds the
 * record through its constructor by reflection with boxed arguments; this one writes the fields in
 * a fixed order behind one byte of flags.
 *
 * <p>Format (version 1): flags (key present, value present, valid), topic, partition, offset,
 * timestamp, key and value (length, bytes) when present, message-id and publisher (Flink's {@link
 * StringValue} strings, null allowed), then for a valid record its subject, otherwise its reason's
 * name and its error. Records are immutable, so a copy is the record itself.
 */
public final class SourceRecordTypeSerializer extends TypeSerializerSingleton<SourceRecord> {
    private static final long serialVersionUID = 1L;

    /** The one instance: the serializer has no configuration. */
    public static final SourceRecordTypeSerializer INSTANCE = new SourceRecordTypeSerializer();

    private static final int HAS_KEY = 1;
    private static final int HAS_VALUE = 2;
    private static final int VALID = 4;

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
        out.writeByte(
                (r.key() != null ? HAS_KEY : 0)
                        | (r.value() != null ? HAS_VALUE : 0)
                        | (r.isValid() ? VALID : 0));
        StringValue.writeString(r.topic(), out);
        out.writeInt(r.partition());
        out.writeLong(r.offset());
        out.writeLong(r.timestamp());
        writeBytes(r.key(), out);
        writeBytes(r.value(), out);
        StringValue.writeString(r.messageId(), out);
        StringValue.writeString(r.publisher(), out);
        if (r.isValid()) {
            StringValue.writeString(r.subject(), out);
        } else {
            StringValue.writeString(r.reason().name(), out);
            StringValue.writeString(r.error(), out);
        }
    }

    @Override
    public SourceRecord deserialize(DataInputView in) throws IOException {
        int flags = in.readByte();
        String topic = StringValue.readString(in);
        int partition = in.readInt();
        long offset = in.readLong();
        long timestamp = in.readLong();
        byte[] key = (flags & HAS_KEY) != 0 ? readBytes(in) : null;
        byte[] value = (flags & HAS_VALUE) != 0 ? readBytes(in) : null;
        String messageId = StringValue.readString(in);
        String publisher = StringValue.readString(in);
        if ((flags & VALID) != 0) {
            String subject = StringValue.readString(in);
            return new SourceRecord(
                    topic, partition, offset, key, value, timestamp, messageId, publisher, subject,
                    null, null);
        }
        DeadLetterReason reason = DeadLetterReason.valueOf(StringValue.readString(in));
        String error = StringValue.readString(in);
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
        if (bytes != null) {
            out.writeInt(bytes.length);
            out.write(bytes);
        }
    }

    private static byte[] readBytes(DataInputView in) throws IOException {
        byte[] bytes = new byte[in.readInt()];
        in.readFully(bytes);
        return bytes;
    }

    /** The serializer's snapshot: it has no configuration, so only its class and version. */
    public static final class Snapshot extends SimpleTypeSerializerSnapshot<SourceRecord> {
        public Snapshot() {
            super(() -> INSTANCE);
        }
    }
}
