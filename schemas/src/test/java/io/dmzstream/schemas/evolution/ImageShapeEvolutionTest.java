package io.dmzstream.schemas.evolution;

import io.dmzstream.schemas.ImageEvent;
import io.dmzstream.schemas.ImageFormat;
import io.dmzstream.schemas.ReconstructionEvent;
import io.dmzstream.schemas.TransferEvent;
import io.dmzstream.schemas.testing.TestEvents;
import org.apache.avro.AvroTypeException;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.SchemaCompatibility.SchemaIncompatibilityType;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What the image-shape additions (ImageFormat.JPEG, output channels and fittedFrom) mean for
 * readers on either side of the change, as schemas/README.md states it.
 */
class ImageShapeEvolutionTest {

    private static Schema released(String fullName) {
        List<ReleasedSchemas.Released> versions = ReleasedSchemas.of(fullName);
        return versions.get(versions.size() - 1).schema();
    }

    private static byte[] write(SpecificRecord record) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);
        new SpecificDatumWriter<SpecificRecord>(record.getSchema()).write(record, encoder);
        encoder.flush();
        return out.toByteArray();
    }

    private static GenericRecord readAsOld(byte[] bytes, Schema writer, Schema oldReader) throws IOException {
        return new GenericDatumReader<GenericRecord>(writer, oldReader).read(null, DecoderFactory.get().binaryDecoder(bytes, null));
    }

    @Test
    void anOldResolvingReaderDecodesPngAndRawFromTheNewWriterButFailsOnJpeg() throws IOException {
        Schema old = released(ImageEvent.getClassSchema().getFullName());
        Schema current = ImageEvent.getClassSchema();
        ImageEvent png = ImageEvent.newBuilder(TestEvents.image()).setFormat(ImageFormat.PNG).build();
        assertEquals("PNG", readAsOld(write(png), current, old).get("format").toString());
        ImageEvent raw = TestEvents.image();
        assertEquals("RAW_U8", readAsOld(write(raw), current, old).get("format").toString());

        ImageEvent jpeg = ImageEvent.newBuilder(TestEvents.image()).setFormat(ImageFormat.JPEG)
            .setImage(ByteBuffer.wrap(new byte[] {(byte) 0xff, (byte) 0xd8})).build();
        AvroTypeException e = assertThrows(AvroTypeException.class, () -> readAsOld(write(jpeg), current, old));
        assertEquals("No match for JPEG", e.getMessage());
    }

    @Test
    void aReaderThatChecksCompatibilityFirstRefusesTheNewImageEventSchemaWhole() {
        // the serdes of this project (CompatibleReaders) check the writer schema once before decoding:
        // an old service refuses every record written with the new schema, PNG ones too (INCOMPATIBLE_SCHEMA)
        Schema old = released(ImageEvent.getClassSchema().getFullName());
        var check = SchemaCompatibility.checkReaderWriterCompatibility(old, ImageEvent.getClassSchema());
        assertEquals(SchemaCompatibility.SchemaCompatibilityType.INCOMPATIBLE, check.getType());
        assertEquals(List.of(SchemaIncompatibilityType.MISSING_ENUM_SYMBOLS),
            check.getResult().getIncompatibilities().stream().map(SchemaCompatibility.Incompatibility::getType).toList());
        assertNull(ImageFormat.getClassSchema().getEnumDefault(), "no enum default: unknown formats are refused, not guessed");
    }

    @Test
    void outputsWrittenByTheFirstReleaseReadAsGreyAndNotFitted() throws IOException {
        for (SpecificRecord sample : List.<SpecificRecord>of(TestEvents.reconstruction(), TestEvents.transfer())) {
            Schema v1 = released(sample.getSchema().getFullName());
            GenericRecord old = new GenericData.Record(v1);
            for (Schema.Field f : v1.getFields()) {
                old.put(f.name(), sample.get(sample.getSchema().getField(f.name()).pos()));
            }
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);
            new GenericDatumWriter<GenericRecord>(v1).write(old, encoder);
            encoder.flush();
            SpecificRecord read = new SpecificDatumReader<SpecificRecord>(v1, sample.getSchema())
                .read(null, DecoderFactory.get().binaryDecoder(out.toByteArray(), null));
            if (read instanceof ReconstructionEvent r) {
                assertEquals(1, r.getChannels());
                assertNull(r.getFittedFrom());
            } else {
                TransferEvent t = (TransferEvent) read;
                assertEquals(1, t.getChannels());
                assertNull(t.getFittedFrom());
            }
        }
    }

    @Test
    void oldConsumersOfOutputsIgnoreTheNewFields() {
        for (SpecificRecord sample : TestEvents.all()) {
            Schema current = sample.getSchema();
            var check = SchemaCompatibility.checkReaderWriterCompatibility(released(current.getFullName()), current);
            assertEquals(current.getName().equals("ImageEvent") ? SchemaCompatibility.SchemaCompatibilityType.INCOMPATIBLE
                : SchemaCompatibility.SchemaCompatibilityType.COMPATIBLE, check.getType(), current.getName());
        }
    }
}
