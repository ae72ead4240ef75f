package io.dmzstream.schemas.serde;

/** Turns framed bytes of one wire format back into a record, or throws {@link AvroSerdeException}. Thread-safe. */
interface RecordReader<T> extends AutoCloseable {

    T read(String topic, byte[] data);

    @Override
    void close();
}
