package io.dmzstream.schemas.serde;

import org.apache.avro.Schema;
import org.apache.avro.SchemaNormalization;
import org.apache.avro.io.DatumWriter;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumWriter;

/** Registry-less writer: Avro single-object encoding with the generated class's schema. */
final class SingleObjectRecordWriter<T> implements RecordWriter<T> {

    private final byte[] header;
    private final DatumWriter<T> writer;

    SingleObjectRecordWriter(Class<T> type) {
        SpecificData data = SpecificData.getForClass(type);
        Schema schema = data.getSchema(type);
        this.header = new SingleObjectHeader(SchemaNormalization.parsingFingerprint64(schema)).toBytes();
        this.writer = new SpecificDatumWriter<>(schema, data);
    }

    @Override
    public byte[] write(String topic, T record) {
        return AvroBody.write(header, record, writer);
    }

    @Override
    public void close() {
        // holds nothing
    }
}
