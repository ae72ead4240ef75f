package io.dmzstream.schemas.serde;

import io.dmzstream.schemas.evolution.ReleasedSchemas;
import io.dmzstream.schemas.serde.AvroSerdeException.Reason;
import org.apache.avro.Schema;
import org.apache.avro.SchemaNormalization;
import org.apache.avro.specific.SpecificData;

import java.util.HashMap;
import java.util.Map;

/**
 * Registry-less reader: Avro single-object encoding. Writer schemas are found by fingerprint among
 * the generated class's own schema and every released version of it shipped in this jar, so bytes
 * from an older release still decode.
 */
final class SingleObjectRecordReader<T> implements RecordReader<T> {

    private final CompatibleReaders<T> readers;
    private final Map<Long, Schema> knownWriters;
    private final Map<Long, String> descriptions;

    SingleObjectRecordReader(Class<T> type) {
        Schema current = SpecificData.getForClass(type).getSchema(type);
        Map<Long, Schema> writers = new HashMap<>();
        Map<Long, String> names = new HashMap<>();
        for (ReleasedSchemas.Released released : ReleasedSchemas.of(current.getFullName())) {
            long fingerprint = SchemaNormalization.parsingFingerprint64(released.schema());
            writers.put(fingerprint, released.schema());
            names.put(fingerprint, released.fullName() + " v" + released.version());
        }
        long currentFingerprint = SchemaNormalization.parsingFingerprint64(current);
        writers.put(currentFingerprint, current);
        names.putIfAbsent(currentFingerprint, current.getFullName() + " (current)");
        this.knownWriters = Map.copyOf(writers);
        this.descriptions = Map.copyOf(names);
        // only known fingerprints reach the readers: one slot each
        this.readers = new CompatibleReaders<>(type, knownWriters.size());
    }

    @Override
    public T read(String topic, byte[] data) {
        SingleObjectHeader header = SingleObjectHeader.read(data);
        Schema writer = knownWriters.get(header.fingerprint());
        if (writer == null) {
            throw new AvroSerdeException(Reason.UNKNOWN_SCHEMA_ID, String.format(
                "writer schema fingerprint %016x (topic %s) is none of the %d known versions of %s",
                header.fingerprint(), topic, knownWriters.size(), readers.readerSchema().getFullName()));
        }
        String description = descriptions.get(header.fingerprint());
        return AvroBody.read(data, SingleObjectHeader.LENGTH,
            readers.forWriter(header.fingerprint(), writer, description), description);
    }

    @Override
    public void close() {
        // holds nothing
    }
}
