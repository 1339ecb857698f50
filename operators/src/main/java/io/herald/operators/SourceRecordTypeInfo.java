package io.herald.operators;

import java.lang.reflect.Type;
import java.util.Map;
import org.apache.flink.api.common.serialization.SerializerConfig;
import org.apache.flink.api.common.typeinfo.TypeInfoFactory;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.TypeSerializer;

/**
 * The Flink type of {@link SourceRecord}, serialized by {@link SourceRecordTypeSerializer}. {@code
 * SourceRecord} names its {@link Factory} in a {@code @TypeInfo} annotation, so every {@code
 * TypeInformation.of(SourceRecord.class)} (the source's produced type, the dead-letter side output)
 * is this one.
 */
public final class SourceRecordTypeInfo extends TypeInformation<SourceRecord> {
    private static final long serialVersionUID = 1L;

    @Override
    public boolean isBasicType() {
        return false;
    }

    @Override
    public boolean isTupleType() {
        return false;
    }

    @Override
    public int getArity() {
        return 1;
    }

    @Override
    public int getTotalFields() {
        return 1;
    }

    @Override
    public Class<SourceRecord> getTypeClass() {
        return SourceRecord.class;
    }

    @Override
    public boolean isKeyType() {
        return false;
    }

    @Override
    public TypeSerializer<SourceRecord> createSerializer(SerializerConfig config) {
        return SourceRecordTypeSerializer.INSTANCE;
    }

    @Override
    public String toString() {
        return "SourceRecord";
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SourceRecordTypeInfo;
    }

    @Override
    public int hashCode() {
        return SourceRecordTypeInfo.class.hashCode();
    }

    @Override
    public boolean canEqual(Object o) {
        return o instanceof SourceRecordTypeInfo;
    }

    /** Creates the type from {@code SourceRecord}'s {@code @TypeInfo} annotation. */
    public static final class Factory extends TypeInfoFactory<SourceRecord> {
        @Override
        public TypeInformation<SourceRecord> createTypeInfo(
                Type t, Map<String, TypeInformation<?>> genericParameters) {
            return new SourceRecordTypeInfo();
        }
    }
}
