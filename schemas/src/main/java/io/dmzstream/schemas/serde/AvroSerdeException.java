package io.dmzstream.schemas.serde;

import org.apache.kafka.common.errors.SerializationException;

/**
 * Bytes that could not be turned into a record (or a record that could not be written), with a
 * machine-readable {@link Reason} so the topology can route the input to the dead-letter topic
 * and label it. The message always starts with the reason's name.
 *
 * <p>Always the input's fault: retrying the same bytes gives the same answer. A registry that cannot
 * be used right now is not bad input and surfaces as
 * {@link io.dmzstream.schemas.registry.RegistryUnavailableException} instead (retry later).
 */
public class AvroSerdeException extends SerializationException {

    /** Why serialization or deserialization failed. */
    public enum Reason {
        /** The first byte(s) are not the expected format marker (0x00 for Confluent, C3 01 for single-object). */
        UNKNOWN_MAGIC_BYTE,
        /** The schema id / fingerprint is unknown to the registry (or to the embedded schema set), or a schema is not registered. */
        UNKNOWN_SCHEMA_ID,
        /** The bytes end before the header or the Avro body is complete. */
        TRUNCATED_PAYLOAD,
        /** The writer schema cannot be resolved to the reader's schema (or is not Avro), or the registry refused a schema. */
        INCOMPATIBLE_SCHEMA,
        /** The Avro body is not a valid encoding of the writer schema (bad varint, enum or union index, trailing bytes...). */
        MALFORMED_AVRO
    }

    private final Reason reason;

    public AvroSerdeException(Reason reason, String detail) {
        this(reason, detail, null);
    }

    public AvroSerdeException(Reason reason, String detail, Throwable cause) {
        super(reason.name() + ": " + detail, cause);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
