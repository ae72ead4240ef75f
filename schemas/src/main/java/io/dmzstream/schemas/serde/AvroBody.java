package io.dmzstream.schemas.serde;

import io.dmzstream.schemas.serde.AvroSerdeException.Reason;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DatumReader;
import org.apache.avro.io.DatumWriter;
import org.apache.avro.io.EncoderFactory;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;

/** Writes and reads the Avro binary body behind a wire-format header, turning every failure into an {@link AvroSerdeException}. */
final class AvroBody {

    private AvroBody() {
    }

    static <T> byte[] write(byte[] header, T record, DatumWriter<T> writer) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(256);
        out.writeBytes(header);
        // buffered: a direct encoder makes one synchronized stream write per float (a profile's top entry)
        BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);
        try {
            writer.write(record, encoder);
            encoder.flush();
        } catch (IOException | RuntimeException e) {
            // a required field left null, say: the record does not fit its own schema
            throw new AvroSerdeException(Reason.MALFORMED_AVRO, "cannot encode " + record.getClass().getSimpleName()
                + ": " + e.getMessage(), e);
        }
        return out.toByteArray();
    }

    static <T> T read(byte[] data, int offset, DatumReader<T> reader, String writerDescription) {
        BoundedDecoder decoder = new BoundedDecoder(data, offset);
        T record;
        try {
            record = reader.read(null, decoder);
        } catch (EOFException e) {
            throw new AvroSerdeException(Reason.TRUNCATED_PAYLOAD, "Avro body ends early for " + writerDescription
                + (e.getMessage() == null ? "" : " (" + e.getMessage() + ")"), e);
        } catch (AvroSerdeException e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            throw new AvroSerdeException(Reason.MALFORMED_AVRO, "Avro body is not a valid " + writerDescription
                + ": " + e, e);
        } catch (StackOverflowError e) {
            // a recursive writer schema nested a million levels deep: an Error would kill the stream thread
            // on every retry of this record; the decoder is reset by the next read, so carry on
            throw new AvroSerdeException(Reason.MALFORMED_AVRO, "Avro body of " + writerDescription
                + " is nested too deeply to decode");
        }
        if (decoder.remaining() > 0) {
            throw new AvroSerdeException(Reason.MALFORMED_AVRO, decoder.remaining()
                + " bytes left over after decoding a complete " + writerDescription);
        }
        return record;
    }
}
