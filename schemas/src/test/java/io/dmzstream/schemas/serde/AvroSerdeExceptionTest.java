package io.dmzstream.schemas.serde;

import io.dmzstream.schemas.ImageEvent;
import io.dmzstream.schemas.LabelEvent;
import io.dmzstream.schemas.LatentEvent;
import io.dmzstream.schemas.serde.AvroSerdeException.Reason;
import io.dmzstream.schemas.testing.InMemorySchemaRegistryClient;
import io.dmzstream.schemas.testing.TestEvents;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Arrays;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/** Every {@link Reason}, in both wire formats where it applies. */
class AvroSerdeExceptionTest {

    private final InMemorySchemaRegistryClient registry = new InMemorySchemaRegistryClient();
    private final SpecificAvroSerializer<ImageEvent> confluentWriter = new SpecificAvroSerializer<>(ImageEvent.class, registry);
    private final SpecificAvroDeserializer<ImageEvent> confluentReader = new SpecificAvroDeserializer<>(ImageEvent.class, registry);
    private final SpecificAvroSerializer<ImageEvent> singleObjectWriter = new SpecificAvroSerializer<>(ImageEvent.class);
    private final SpecificAvroDeserializer<ImageEvent> singleObjectReader = new SpecificAvroDeserializer<>(ImageEvent.class);

    private static AvroSerdeException expect(Reason reason, Executable call) {
        AvroSerdeException e = assertThrows(AvroSerdeException.class, call);
        assertEquals(reason, e.reason(), e.getMessage());
        assertTrue(e.getMessage().startsWith(reason.name() + ": "), e.getMessage());
        assertInstanceOf(SerializationException.class, e);
        return e;
    }

    @Test
    void unknownMagicByte() {
        byte[] singleObject = singleObjectWriter.serialize("t", TestEvents.image());
        byte[] confluent = confluentWriter.serialize("t", TestEvents.image());

        expect(Reason.UNKNOWN_MAGIC_BYTE, () -> confluentReader.deserialize("t", new byte[] {1, 0, 0, 0, 1, 2}));
        expect(Reason.UNKNOWN_MAGIC_BYTE, () -> confluentReader.deserialize("t", singleObject));
        expect(Reason.UNKNOWN_MAGIC_BYTE, () -> confluentReader.deserialize("t", "{\"json\":1}".getBytes()));
        expect(Reason.UNKNOWN_MAGIC_BYTE, () -> singleObjectReader.deserialize("t", confluent));
        expect(Reason.UNKNOWN_MAGIC_BYTE, () -> singleObjectReader.deserialize("t", new byte[] {(byte) 0xC3, 0x02, 0, 0, 0, 0, 0, 0, 0, 0, 0}));
    }

    @Test
    void unknownSchemaId() {
        byte[] bytes = confluentWriter.serialize("t", TestEvents.image());
        bytes[4] = 99; // no schema 99 in the registry
        AvroSerdeException e = expect(Reason.UNKNOWN_SCHEMA_ID, () -> confluentReader.deserialize("t", bytes));
        assertTrue(e.getMessage().contains("99"), e.getMessage());

        byte[] single = singleObjectWriter.serialize("t", TestEvents.image());
        single[5] ^= 0x55; // a fingerprint of no known ImageEvent version
        expect(Reason.UNKNOWN_SCHEMA_ID, () -> singleObjectReader.deserialize("t", single));
    }

    @Test
    void everyStrictPrefixIsTruncated() {
        for (SpecificAvroDeserializerAndBytes pair : new SpecificAvroDeserializerAndBytes[] {
            new SpecificAvroDeserializerAndBytes(confluentReader, confluentWriter.serialize("t", TestEvents.image())),
            new SpecificAvroDeserializerAndBytes(singleObjectReader, singleObjectWriter.serialize("t", TestEvents.image()))}) {
            for (int length = 0; length < pair.bytes().length; length++) {
                byte[] prefix = Arrays.copyOf(pair.bytes(), length);
                expect(Reason.TRUNCATED_PAYLOAD, () -> pair.reader().deserialize("t", prefix));
            }
        }
    }

    private record SpecificAvroDeserializerAndBytes(SpecificAvroDeserializer<ImageEvent> reader, byte[] bytes) {
    }

    @Test
    void hugeDeclaredLengthsFailFastInsteadOfAllocating() throws IOException {
        // LatentEvent whose probabilities array claims 2 billion floats: Avro alone would try to allocate them
        byte[] valid = new SpecificAvroSerializer<>(LatentEvent.class).serialize("t", TestEvents.latent());
        ByteArrayOutputStream hostile = new ByteArrayOutputStream();
        int probabilitiesStart = indexOfArrayStart(valid);
        hostile.write(valid, 0, probabilitiesStart);
        BinaryEncoder encoder = EncoderFactory.get().directBinaryEncoder(hostile, null);
        encoder.writeLong(2_000_000_000L);
        encoder.writeFloat(0.5f);
        encoder.flush();

        SpecificAvroDeserializer<LatentEvent> reader = new SpecificAvroDeserializer<>(LatentEvent.class);
        expect(Reason.TRUNCATED_PAYLOAD, () -> reader.deserialize("t", hostile.toByteArray()));

        // and an ImageEvent whose id string claims 1.9 GB
        ByteArrayOutputStream longString = new ByteArrayOutputStream();
        longString.write(singleObjectWriter.serialize("t", TestEvents.image()), 0, SingleObjectHeader.LENGTH);
        encoder = EncoderFactory.get().directBinaryEncoder(longString, null);
        encoder.writeLong(1_900_000_000L);
        encoder.writeFixed(new byte[] {'a', 'b'});
        encoder.flush();
        expect(Reason.TRUNCATED_PAYLOAD, () -> singleObjectReader.deserialize("t", longString.toByteArray()));
    }

    /** {@link TestEvents#image()} in the Confluent format, written with ImageEvent plus a last field {@code extraField} the reader does not know, then {@code extraValue}'s bytes. */
    private byte[] imageWithUnknownField(String extraFieldType, byte[] extraValue) throws IOException {
        Schema writer = new Schema.Parser().parse(ImageEvent.getClassSchema().toString()
            .replaceFirst("\\]\\}$", ",{\"name\":\"extraField\",\"type\":" + extraFieldType + "}]}"));
        int id = registry.register("extended-" + extraFieldType.hashCode() + "-value", writer);
        byte[] valid = confluentWriter.serialize("t", TestEvents.image());
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        bytes.write(new ConfluentHeader(id).toBytes());
        bytes.write(valid, ConfluentHeader.LENGTH, valid.length - ConfluentHeader.LENGTH);
        bytes.write(extraValue);
        return bytes.toByteArray();
    }

    private static byte[] varints(long... values) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        BinaryEncoder encoder = EncoderFactory.get().directBinaryEncoder(out, null);
        for (long value : values) {
            encoder.writeLong(value);
        }
        encoder.flush();
        return out.toByteArray();
    }

    @Test
    void skippedFieldsAreBoundedByTheBytesLeft() throws IOException {
        // the field is skipped (the reader does not know it), yet its declarations are checked all the same
        assertEquals(TestEvents.image(), confluentReader.deserialize("t",
            imageWithUnknownField("{\"type\":\"array\",\"items\":\"null\"}", varints(3, 0))));

        // 20 million nulls of zero bytes each: Avro would skip them one by one (2^60 would never end)
        AvroSerdeException nulls = expect(Reason.TRUNCATED_PAYLOAD, () -> confluentReader.deserialize("t",
            imageWithUnknownField("{\"type\":\"array\",\"items\":\"null\"}", varints(20_000_000L, 0))));
        assertTrue(nulls.getMessage().contains("20000000"), nulls.getMessage());
        expect(Reason.TRUNCATED_PAYLOAD, () -> confluentReader.deserialize("t",
            imageWithUnknownField("{\"type\":\"array\",\"items\":\"null\"}", varints(1L << 60, 0))));
        // the same in many blocks that each stay under the per-block allowance
        long[] blocks = new long[2_001];
        Arrays.fill(blocks, 60_000L);
        blocks[blocks.length - 1] = 0;
        expect(Reason.TRUNCATED_PAYLOAD, () -> confluentReader.deserialize("t",
            imageWithUnknownField("{\"type\":\"array\",\"items\":{\"type\":\"record\",\"name\":\"Empty\",\"fields\":[]}}",
                varints(blocks))));
        // maps, strings and bytes
        expect(Reason.TRUNCATED_PAYLOAD, () -> confluentReader.deserialize("t",
            imageWithUnknownField("{\"type\":\"map\",\"values\":\"null\"}", varints(1L << 40, 0))));
        expect(Reason.TRUNCATED_PAYLOAD, () -> confluentReader.deserialize("t",
            imageWithUnknownField("\"string\"", varints(1_900_000_000L))));
        expect(Reason.TRUNCATED_PAYLOAD, () -> confluentReader.deserialize("t",
            imageWithUnknownField("\"bytes\"", varints(1_900_000_000L))));
    }

    @Test
    void aDeeplyNestedSkippedFieldIsMalformedNotAStackOverflow() throws IOException {
        byte[] levels = new byte[1_000_001];
        Arrays.fill(levels, (byte) 2); // union branch 1: another Node, a million times
        levels[levels.length - 1] = 0;
        byte[] bytes = imageWithUnknownField("{\"type\":\"record\",\"name\":\"Node\",\"fields\":"
            + "[{\"name\":\"next\",\"type\":[\"null\",\"Node\"]}]}", levels);
        AvroSerdeException e = expect(Reason.MALFORMED_AVRO, () -> confluentReader.deserialize("t", bytes));
        assertTrue(e.getMessage().contains("nested too deeply"), e.getMessage());
        // and the reader is fine afterwards
        assertEquals(TestEvents.image(), confluentReader.deserialize("t", confluentWriter.serialize("t", TestEvents.image())));
    }

    /**
     * Offset of LatentEvent.probabilities in a single-object payload of {@link TestEvents#latent()}:
     * its block count 12 (zigzag 24) followed by the first float, 0.9f little-endian. Found by
     * content, so fields added after it (schema evolution) do not move the test's target.
     */
    private static int indexOfArrayStart(byte[] valid) {
        int first = Float.floatToIntBits(0.9f);
        for (int i = 0; i + 4 < valid.length; i++) {
            if (valid[i] == 24 && (valid[i + 1] & 0xff) == (first & 0xff) && (valid[i + 2] & 0xff) == ((first >> 8) & 0xff)
                    && (valid[i + 3] & 0xff) == ((first >> 16) & 0xff) && (valid[i + 4] & 0xff) == ((first >>> 24) & 0xff)) {
                return i;
            }
        }
        throw new AssertionError("probabilities array not found in the LatentEvent payload");
    }

    @Test
    void incompatibleWriterSchema() {
        SpecificAvroSerializer<LabelEvent> labels = new SpecificAvroSerializer<>(LabelEvent.class, registry);
        byte[] labelBytes = labels.serialize("mixed", TestEvents.label());
        AvroSerdeException e = expect(Reason.INCOMPATIBLE_SCHEMA, () -> confluentReader.deserialize("mixed", labelBytes));
        assertTrue(e.getMessage().contains("LabelEvent"), e.getMessage());

        // an ImageEvent writer without 'domain', which the reader requires and has no default for
        Schema noDomain = SchemaBuilder.record("io.dmzstream.schemas.ImageEvent").fields().requiredString("id").endRecord();
        int id = registry.register("nodomain-value", noDomain);
        byte[] bytes = {0, 0, 0, 0, (byte) id, 2, 'x'};
        expect(Reason.INCOMPATIBLE_SCHEMA, () -> confluentReader.deserialize("nodomain", bytes));
        // verdict is cached, still the same reason the second time
        expect(Reason.INCOMPATIBLE_SCHEMA, () -> confluentReader.deserialize("nodomain", bytes));
    }

    @Test
    void registryRefusingTheSchemaIsIncompatible() {
        registry.register("guarded-value", SchemaBuilder.record("io.dmzstream.schemas.ImageEvent").fields()
            .requiredString("id").requiredString("legacyField").endRecord());
        // BACKWARD: the current ImageEvent requires fields the old one lacks, without defaults
        expect(Reason.INCOMPATIBLE_SCHEMA, () -> confluentWriter.serialize("guarded", TestEvents.image()));
    }

    @Test
    void malformedAvro() {
        byte[] valid = singleObjectWriter.serialize("t", TestEvents.image());

        byte[] trailing = Arrays.copyOf(valid, valid.length + 1);
        AvroSerdeException e = expect(Reason.MALFORMED_AVRO, () -> singleObjectReader.deserialize("t", trailing));
        assertTrue(e.getMessage().contains("1 bytes left over"), e.getMessage());

        // body: id "a", domain "b", format enum index 9 (zigzag 18): ImageFormat has 2 symbols
        byte[] badEnum = withBody(valid, 2, 'a', 2, 'b', 18, 0, 0, 0);
        expect(Reason.MALFORMED_AVRO, () -> singleObjectReader.deserialize("t", badEnum));

        // negative string length (zigzag 1 = -1)
        byte[] negativeLength = withBody(valid, 1, 'a');
        expect(Reason.MALFORMED_AVRO, () -> singleObjectReader.deserialize("t", negativeLength));

        // the enum index as a 6-byte varint: longer than an int may be
        byte[] badVarint = withBody(valid, 2, 'a', 2, 'b', 0x80, 0x80, 0x80, 0x80, 0x80, 0x01);
        expect(Reason.MALFORMED_AVRO, () -> singleObjectReader.deserialize("t", badVarint));
    }

    private static byte[] withBody(byte[] framed, int... body) {
        byte[] bytes = Arrays.copyOf(framed, SingleObjectHeader.LENGTH + body.length);
        for (int i = 0; i < body.length; i++) {
            bytes[SingleObjectHeader.LENGTH + i] = (byte) body[i];
        }
        return bytes;
    }

    @Test
    void randomCorruptionNeverYieldsNullOrAnotherException() {
        Random random = new Random(20261129);
        byte[][] originals = {
            confluentWriter.serialize("t", TestEvents.image()),
            singleObjectWriter.serialize("t", TestEvents.image())};
        SpecificAvroDeserializer<?>[] readers = {confluentReader, singleObjectReader};
        int rejected = 0;
        for (int round = 0; round < 4000; round++) {
            int which = round % 2;
            byte[] bytes = originals[which].clone();
            int flips = 1 + random.nextInt(3);
            for (int f = 0; f < flips; f++) {
                bytes[random.nextInt(bytes.length)] = (byte) random.nextInt(256);
            }
            if (random.nextInt(4) == 0) {
                bytes = Arrays.copyOf(bytes, random.nextInt(bytes.length + 8));
            }
            try {
                assertNotNull(readers[which].deserialize("t", bytes));
            } catch (AvroSerdeException expected) {
                rejected++;
            } catch (RuntimeException other) {
                fail("round " + round + " threw " + other, other);
            }
        }
        assertTrue(rejected > 1000, "corruption should mostly be detected, was " + rejected);
    }

    @Test
    void unencodableRecordIsMalformed() {
        ImageEvent missingId = TestEvents.image();
        missingId.setId(null);
        expect(Reason.MALFORMED_AVRO, () -> singleObjectWriter.serialize("t", missingId));
    }
}
