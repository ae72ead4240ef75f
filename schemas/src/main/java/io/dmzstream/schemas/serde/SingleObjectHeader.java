package io.dmzstream.schemas.serde;

import io.dmzstream.schemas.serde.AvroSerdeException.Reason;

/**
 * The 10-byte prefix of Avro single-object encoding: marker C3 01, then the writer schema's
 * CRC-64-AVRO fingerprint (of its Parsing Canonical Form), little-endian. The Avro binary body
 * follows at {@link #LENGTH}.
 */
public record SingleObjectHeader(long fingerprint) {

    public static final byte MARKER_0 = (byte) 0xC3;
    public static final byte MARKER_1 = (byte) 0x01;
    public static final int LENGTH = 10;

    public static SingleObjectHeader read(byte[] data) {
        if (data.length == 0) {
            throw new AvroSerdeException(Reason.TRUNCATED_PAYLOAD, "empty payload, expected Avro single-object encoding");
        }
        if (data[0] != MARKER_0 || (data.length > 1 && data[1] != MARKER_1)) {
            throw new AvroSerdeException(Reason.UNKNOWN_MAGIC_BYTE, String.format(
                "payload starts with 0x%02x%s, Avro single-object encoding starts with 0xC3 0x01",
                data[0] & 0xff, data.length > 1 ? String.format(" 0x%02x", data[1] & 0xff) : ""));
        }
        if (data.length < LENGTH) {
            throw new AvroSerdeException(Reason.TRUNCATED_PAYLOAD, "payload has " + data.length
                + " bytes, the single-object header alone needs " + LENGTH);
        }
        long fingerprint = 0;
        for (int i = LENGTH - 1; i >= 2; i--) {
            fingerprint = (fingerprint << 8) | (data[i] & 0xff);
        }
        return new SingleObjectHeader(fingerprint);
    }

    public byte[] toBytes() {
        byte[] header = new byte[LENGTH];
        header[0] = MARKER_0;
        header[1] = MARKER_1;
        for (int i = 0; i < 8; i++) {
            header[2 + i] = (byte) (fingerprint >>> (8 * i));
        }
        return header;
    }
}
