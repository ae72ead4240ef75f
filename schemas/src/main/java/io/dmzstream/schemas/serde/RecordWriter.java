package io.dmzstream.schemas.serde;

/** Turns a record into framed bytes in one wire format. Thread-safe: Kafka Streams shares serdes across threads. */
interface RecordWriter<T> extends AutoCloseable {

    byte[] write(String topic, T record);

    @Override
    void close();
}
