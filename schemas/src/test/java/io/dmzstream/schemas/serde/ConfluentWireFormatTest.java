package io.dmzstream.schemas.serde;

import io.dmzstream.schemas.ImageEvent;
import io.dmzstream.schemas.OutputKind;
import io.dmzstream.schemas.testing.InMemorySchemaRegistryClient;
import io.dmzstream.schemas.testing.TestEvents;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

class ConfluentWireFormatTest {

    private final InMemorySchemaRegistryClient registry = new InMemorySchemaRegistryClient();

    @Test
    void headerIsMagicZeroThenBigEndianId() {
        assertArrayEquals(new byte[] {0, 1, 2, 3, 4}, new ConfluentHeader(0x01020304).toBytes());
        assertEquals(0x01020304, ConfluentHeader.read(new byte[] {0, 1, 2, 3, 4}).schemaId());
        assertEquals(0x80FF0001, ConfluentHeader.read(new ConfluentHeader(0x80FF0001).toBytes()).schemaId());
    }

    @Test
    void serializerWritesRegisteredIdAndPlainAvroBinary() throws IOException {
        // occupy ids 1 and 2 so a hard-coded id would be caught
        registry.register("other-value", SchemaBuilder.record("A").fields().requiredInt("a").endRecord());
        registry.register("other-value", SchemaBuilder.record("A").fields().requiredInt("a").optionalInt("b").endRecord());
        SpecificAvroSerializer<ImageEvent> serializer = new SpecificAvroSerializer<>(ImageEvent.class, registry);
        serializer.configure(Map.of(), false);

        byte[] bytes = serializer.serialize("dmz.images", TestEvents.image());

        int id = registry.latest("dmz.images-value").id();
        assertEquals(3, id);
        assertArrayEquals(new byte[] {0, 0, 0, 0, 3}, Arrays.copyOf(bytes, 5));
        GenericRecord decoded = new GenericDatumReader<GenericRecord>(ImageEvent.getClassSchema())
            .read(null, DecoderFactory.get().binaryDecoder(bytes, 5, bytes.length - 5, null));
        assertEquals("img-42", decoded.get("id").toString());
        assertEquals(28, decoded.get("width"));
        assertEquals(1234567890123L, decoded.get("seed"));
        assertEquals("RAW_U8", decoded.get("format").toString());
        assertEquals(TestEvents.image().getImage(), decoded.get("image"));
    }

    @Test
    void everyEventTypeRoundTripsThroughTheRegistry() {
        for (SpecificRecord event : TestEvents.all()) {
            assertEquals(event, roundTrip(event), event.getClass().getSimpleName());
        }
    }

    @SuppressWarnings("unchecked")
    private <T extends SpecificRecord> T roundTrip(T event) {
        Class<T> type = (Class<T>) event.getClass();
        try (SpecificAvroSerde<T> serde = new SpecificAvroSerde<>(type, registry)) {
            serde.configure(Map.of(), false);
            byte[] bytes = serde.serializer().serialize("topic-" + type.getSimpleName(), event);
            return serde.deserializer().deserialize("topic-" + type.getSimpleName(), bytes);
        }
    }

    @Test
    void subjectsFollowTopicNameByDefaultAndKeysGetKeySuffix() {
        SpecificAvroSerializer<ImageEvent> values = new SpecificAvroSerializer<>(ImageEvent.class, registry);
        values.configure(Map.of(), false);
        values.serialize("dmz.images", TestEvents.image());
        SpecificAvroSerializer<ImageEvent> keys = new SpecificAvroSerializer<>(ImageEvent.class, registry);
        keys.configure(Map.of(), true);
        keys.serialize("dmz.images", TestEvents.image());

        assertEquals(1, registry.latest("dmz.images-value").version());
        assertEquals(1, registry.latest("dmz.images-key").version());
    }

    @Test
    void subjectStrategyIsPluggableAndAcceptsConfluentClassNames() {
        SpecificAvroSerializer<ImageEvent> ours = new SpecificAvroSerializer<>(ImageEvent.class, registry);
        ours.configure(Map.of(AvroSerdeConfig.VALUE_SUBJECT_NAME_STRATEGY_CONFIG, RecordNameStrategy.class.getName()), false);
        ours.serialize("t1", TestEvents.image());
        assertEquals(1, registry.latest("io.dmzstream.schemas.ImageEvent").version());

        SpecificAvroSerializer<ImageEvent> confluentName = new SpecificAvroSerializer<>(ImageEvent.class, registry);
        confluentName.configure(Map.of(AvroSerdeConfig.VALUE_SUBJECT_NAME_STRATEGY_CONFIG,
            "io.confluent.kafka.serializers.subject.TopicRecordNameStrategy"), false);
        confluentName.serialize("t2", TestEvents.image());
        assertEquals(1, registry.latest("t2-io.dmzstream.schemas.ImageEvent").version());
    }

    @Test
    void autoRegisterOffOnlyLooksUp() {
        SpecificAvroSerializer<ImageEvent> serializer = new SpecificAvroSerializer<>(ImageEvent.class, registry);
        serializer.configure(Map.of(AvroSerdeConfig.AUTO_REGISTER_SCHEMAS_CONFIG, false), false);

        AvroSerdeException missing = assertThrows(AvroSerdeException.class, () -> serializer.serialize("locked", TestEvents.image()));
        assertEquals(AvroSerdeException.Reason.UNKNOWN_SCHEMA_ID, missing.reason());
        assertEquals(0, registry.registerCalls.get());

        int id = registry.register("locked-value", ImageEvent.getClassSchema());
        byte[] bytes = serializer.serialize("locked", TestEvents.image());
        assertEquals(id, ConfluentHeader.read(bytes).schemaId());
        assertEquals(1, registry.registerCalls.get());
    }

    @Test
    void useLatestVersionTagsWithTheLatestIdWhenStructureMatches() {
        // same structure, different doc: a separate registry entry with its own id
        Schema reDocumented = new Schema.Parser().parse(ImageEvent.getClassSchema().toString().replace(
            "An image submitted", "An image (re-documented) submitted"));
        registry.register("other-value", SchemaBuilder.record("A").fields().requiredInt("a").endRecord());
        int latestId = registry.register("latest-value", reDocumented);
        SpecificAvroSerializer<ImageEvent> serializer = new SpecificAvroSerializer<>(ImageEvent.class, registry);
        serializer.configure(Map.of(AvroSerdeConfig.USE_LATEST_VERSION_CONFIG, true,
            AvroSerdeConfig.AUTO_REGISTER_SCHEMAS_CONFIG, false), false);

        byte[] bytes = serializer.serialize("latest", TestEvents.image());

        assertEquals(latestId, ConfluentHeader.read(bytes).schemaId());
        assertEquals(1, registry.latest("latest-value").version());
    }

    @Test
    void useLatestVersionRefusesAStructurallyDifferentLatest() {
        registry.setCompatibility("drifted-value", io.dmzstream.schemas.registry.CompatibilityLevel.NONE);
        registry.register("drifted-value", SchemaBuilder.record("io.dmzstream.schemas.ImageEvent").fields()
            .requiredString("id").endRecord());
        SpecificAvroSerializer<ImageEvent> serializer = new SpecificAvroSerializer<>(ImageEvent.class, registry);
        serializer.configure(Map.of(AvroSerdeConfig.USE_LATEST_VERSION_CONFIG, true), false);

        AvroSerdeException e = assertThrows(AvroSerdeException.class, () -> serializer.serialize("drifted", TestEvents.image()));
        assertEquals(AvroSerdeException.Reason.INCOMPATIBLE_SCHEMA, e.reason());
    }

    @Test
    void oldWriterIsResolvedIntoTheNewReaderWithDefaults() throws IOException {
        // an ImageEvent producer from before steps/targetDomain/seed/attributes/outputs/channels existed
        Schema oldSchema = SchemaBuilder.record("ImageEvent").namespace("io.dmzstream.schemas").fields()
            .requiredString("id").requiredString("domain")
            .name("format").type().enumeration("ImageFormat").namespace("io.dmzstream.schemas").symbols("PNG", "RAW_U8").noDefault()
            .requiredBytes("image").requiredInt("width").requiredInt("height")
            .endRecord();
        int id = registry.register("dmz.images-value", oldSchema);
        GenericRecord old = new GenericData.Record(oldSchema);
        old.put("id", "legacy-1");
        old.put("domain", "mnist");
        old.put("format", new GenericData.EnumSymbol(oldSchema.getField("format").schema(), "PNG"));
        old.put("image", ByteBuffer.wrap(new byte[] {1, 2, 3}));
        old.put("width", 28);
        old.put("height", 28);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(new ConfluentHeader(id).toBytes());
        BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);
        new GenericDatumWriter<GenericRecord>(oldSchema).write(old, encoder);
        encoder.flush();

        SpecificAvroDeserializer<ImageEvent> deserializer = new SpecificAvroDeserializer<>(ImageEvent.class, registry);
        deserializer.configure(Map.of(), false);
        ImageEvent event = deserializer.deserialize("dmz.images", out.toByteArray());

        assertEquals("legacy-1", event.getId());
        assertEquals(1, event.getChannels());
        assertEquals(List.of(OutputKind.LATENT, OutputKind.LABEL), event.getOutputs());
        assertNull(event.getSteps());
        assertNull(event.getTargetDomain());
        assertNull(event.getSeed());
        assertEquals(Map.of(), event.getAttributes());
    }

    @Test
    void nullMapsToNullBothWays() {
        try (SpecificAvroSerde<ImageEvent> serde = new SpecificAvroSerde<>(ImageEvent.class, registry)) {
            serde.configure(Map.of(), false);
            assertNull(serde.serializer().serialize("t", null));
            assertNull(serde.deserializer().deserialize("t", null));
        }
    }
}
