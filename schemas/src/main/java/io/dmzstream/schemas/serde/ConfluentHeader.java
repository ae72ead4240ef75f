package io.dmzstream.schemas.serde;

import io.dmzstream.schemas.serde.AvroSerdeException.Reason;

/**
 * The 5-byte prefix of the Confluent wire format: magic byte 0, then the writer schema's registry
 * id as a big-endian 32-bit int. The Avro binary body follows at {@link #LENGTH}.
 */
public record ConfluentHeader(int schemaId) {

    public static final byte MAGIC_BYTE = 0x0;
    public static final int LENGTH = 5;

    /** Reads the header of {@code data}, or says precisely why there is none. */
    public static ConfluentHeader read(byte[] data) {
        if (data.length == 0) {
            throw new AvroSerdeException(Reason.TRUNCATED_PAYLOAD, "empty payload, expected the Confluent wire format");
        }
        if (data[0] != MAGIC_BYTE) {
            throw new AvroSerdeException(Reason.UNKNOWN_MAGIC_BYTE, String.format(
                "first byte is 0x%02x, the Confluent wire format starts with 0x00", data[0] & 0xff));
        }
        if (data.length < LENGTH) {
            throw new AvroSerdeException(Reason.TRUNCATED_PAYLOAD, "payload has " + data.length
                + " bytes, the Confluent header alone needs " + LENGTH);
        }
        int id = ((data[1] & 0xff) << 24) | ((data[2] & 0xff) << 16) | ((data[3] & 0xff) << 8) | (data[4] & 0xff);
        return new ConfluentHeader(id);
    }

    public byte[] toBytes() {
        return new byte[] {MAGIC_BYTE, (byte) (schemaId >>> 24), (byte) (schemaId >>> 16), (byte) (schemaId >>> 8), (byte) schemaId};
    }
}
