package io.dmzstream.schemas.serde;

import io.dmzstream.schemas.registry.BoundedCache;
import io.dmzstream.schemas.serde.AvroSerdeException.Reason;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.SchemaCompatibility.Incompatibility;
import org.apache.avro.SchemaCompatibility.SchemaPairCompatibility;
import org.apache.avro.io.DatumReader;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumReader;

import java.util.List;
import java.util.stream.Collectors;

/**
 * One resolving {@link DatumReader} per writer schema, into the generated class's schema. The
 * compatibility check runs once per writer (keyed by its id or fingerprint) and its verdict,
 * good or bad, is remembered (for the most recent {@code capacity} writers): a stream of
 * incompatible records costs one check.
 */
final class CompatibleReaders<T> {

    private final Schema readerSchema;
    private final SpecificData data;
    private final BoundedCache<Long, Object> byWriter;

    CompatibleReaders(Class<T> type, int capacity) {
        this.data = SpecificData.getForClass(type);
        this.readerSchema = data.getSchema(type);
        this.byWriter = new BoundedCache<>(capacity);
    }

    Schema readerSchema() {
        return readerSchema;
    }

    @SuppressWarnings("unchecked")
    DatumReader<T> forWriter(long writerKey, Schema writerSchema, String writerDescription) {
        Object verdict = byWriter.get(writerKey, key -> resolve(writerSchema, writerDescription));
        if (verdict instanceof String incompatibility) {
            throw new AvroSerdeException(Reason.INCOMPATIBLE_SCHEMA, incompatibility);
        }
        return (DatumReader<T>) verdict;
    }

    private Object resolve(Schema writerSchema, String writerDescription) {
        SchemaPairCompatibility check = SchemaCompatibility.checkReaderWriterCompatibility(readerSchema, writerSchema);
        if (check.getType() == SchemaCompatibility.SchemaCompatibilityType.COMPATIBLE) {
            return new SpecificDatumReader<T>(writerSchema, readerSchema, data);
        }
        return "writer schema " + writerDescription + " cannot be read as " + readerSchema.getFullName() + ": "
            + describe(check.getResult().getIncompatibilities());
    }

    private static String describe(List<Incompatibility> incompatibilities) {
        return incompatibilities.stream().limit(3)
            .map(i -> i.getType() + " at " + i.getLocation() + " (" + i.getMessage() + ")")
            .collect(Collectors.joining("; "))
            + (incompatibilities.size() > 3 ? "; ..." : "");
    }
}
