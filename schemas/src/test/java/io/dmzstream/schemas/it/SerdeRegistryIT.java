package io.dmzstream.schemas.it;

import io.dmzstream.schemas.testing.RegistryUnderTest;
import io.dmzstream.schemas.ImageEvent;
import io.dmzstream.schemas.OutputKind;
import io.dmzstream.schemas.registry.CompatibilityLevel;
import io.dmzstream.schemas.registry.HttpSchemaRegistryClient;
import io.dmzstream.schemas.serde.AvroSerdeConfig;
import io.dmzstream.schemas.serde.AvroSerdeException;
import io.dmzstream.schemas.serde.ConfluentHeader;
import io.dmzstream.schemas.serde.SpecificAvroDeserializer;
import io.dmzstream.schemas.serde.SpecificAvroSerde;
import io.dmzstream.schemas.serde.SpecificAvroSerializer;
import io.dmzstream.schemas.testing.TestEvents;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Our serdes through a real registry, configured the way users configure them. */
class SerdeRegistryIT {

    private static Map<String, Object> config(Object... extra) {
        Map<String, Object> config = new java.util.HashMap<>(Map.of("schema.registry.url", RegistryUnderTest.ccompatUrl()));
        for (int i = 0; i < extra.length; i += 2) {
            config.put((String) extra[i], extra[i + 1]);
        }
        return config;
    }

    @Test
    void ourBytesReadBackThroughTheRegistryForEveryEvent() {
        for (SpecificRecord event : TestEvents.all()) {
            String topic = RegistryUnderTest.unique("roundtrip");
            assertEquals(event, roundTrip(event, topic));
        }
    }

    @SuppressWarnings("unchecked")
    private static <T extends SpecificRecord> T roundTrip(T event, String topic) {
        try (SpecificAvroSerde<T> writer = new SpecificAvroSerde<>((Class<T>) event.getClass());
             SpecificAvroSerde<T> reader = new SpecificAvroSerde<>((Class<T>) event.getClass())) {
            writer.configure(config(), false);
            reader.configure(config(), false); // separate client: the id really comes from the registry
            byte[] bytes = writer.serializer().serialize(topic, event);
            assertEquals(0, bytes[0]);
            return reader.deserializer().deserialize(topic, bytes);
        }
    }

    @Test
    void anOldWriterIsReadByTheNewReader() throws IOException {
        String topic = RegistryUnderTest.unique("legacy");
        Schema old = SchemaBuilder.record("ImageEvent").namespace("io.dmzstream.schemas").fields()
            .requiredString("id").requiredString("domain")
            .name("format").type().enumeration("ImageFormat").namespace("io.dmzstream.schemas").symbols("PNG", "RAW_U8").noDefault()
            .requiredBytes("image").requiredInt("width").requiredInt("height")
            .endRecord();
        int id;
        try (HttpSchemaRegistryClient client = new HttpSchemaRegistryClient(config())) {
            client.setCompatibility(topic + "-value", CompatibilityLevel.BACKWARD);
            id = client.register(topic + "-value", old);
        }
        GenericRecord record = new GenericData.Record(old);
        record.put("id", "legacy-1");
        record.put("domain", "mnist");
        record.put("format", new GenericData.EnumSymbol(old.getField("format").schema(), "RAW_U8"));
        record.put("image", ByteBuffer.wrap(new byte[] {9, 8, 7}));
        record.put("width", 1);
        record.put("height", 3);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(new ConfluentHeader(id).toBytes());
        BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);
        new GenericDatumWriter<GenericRecord>(old).write(record, encoder);
        encoder.flush();

        try (SpecificAvroDeserializer<ImageEvent> reader = new SpecificAvroDeserializer<>(ImageEvent.class)) {
            reader.configure(config(), false);
            ImageEvent event = reader.deserialize(topic, out.toByteArray());
            assertEquals("legacy-1", event.getId());
            assertEquals(List.of(OutputKind.LATENT, OutputKind.LABEL), event.getOutputs());
            assertNull(event.getSeed());
        }

        // and the current schema is a valid next version of that subject
        try (SpecificAvroSerializer<ImageEvent> writer = new SpecificAvroSerializer<>(ImageEvent.class)) {
            writer.configure(config(), false);
            assertEquals(0, writer.serialize(topic, TestEvents.image())[0]);
        }
    }

    @Test
    void withAutoRegisterOffAnUnregisteredSchemaFails() {
        try (SpecificAvroSerializer<ImageEvent> writer = new SpecificAvroSerializer<>(ImageEvent.class)) {
            writer.configure(config(AvroSerdeConfig.AUTO_REGISTER_SCHEMAS_CONFIG, false), false);
            AvroSerdeException e = assertThrows(AvroSerdeException.class,
                () -> writer.serialize(RegistryUnderTest.unique("locked"), TestEvents.image()));
            assertEquals(AvroSerdeException.Reason.UNKNOWN_SCHEMA_ID, e.reason());
        }
    }

    @Test
    void useLatestVersionPicksTheRegisteredId() {
        String topic = RegistryUnderTest.unique("latest");
        int id;
        try (HttpSchemaRegistryClient client = new HttpSchemaRegistryClient(config())) {
            id = client.register(topic + "-value", ImageEvent.getClassSchema());
        }
        try (SpecificAvroSerializer<ImageEvent> writer = new SpecificAvroSerializer<>(ImageEvent.class)) {
            writer.configure(config(AvroSerdeConfig.USE_LATEST_VERSION_CONFIG, true,
                AvroSerdeConfig.AUTO_REGISTER_SCHEMAS_CONFIG, false), false);
            assertEquals(id, ConfluentHeader.read(writer.serialize(topic, TestEvents.image())).schemaId());
        }
    }

    @Test
    void anUnknownIdIsUnknownAndAnIncompatibleRegistrationIsIncompatible() {
        try (SpecificAvroDeserializer<ImageEvent> reader = new SpecificAvroDeserializer<>(ImageEvent.class)) {
            reader.configure(config(), false);
            AvroSerdeException e = assertThrows(AvroSerdeException.class,
                () -> reader.deserialize("t", new byte[] {0, 0x3A, 0x68, 0x6F, 0x1F, 2, 'x'}));
            assertEquals(AvroSerdeException.Reason.UNKNOWN_SCHEMA_ID, e.reason());
        }
        String topic = RegistryUnderTest.unique("guarded");
        try (HttpSchemaRegistryClient client = new HttpSchemaRegistryClient(config())) {
            client.setCompatibility(topic + "-value", CompatibilityLevel.BACKWARD);
            client.register(topic + "-value", SchemaBuilder.record("io.dmzstream.schemas.ImageEvent").fields()
                .requiredString("id").endRecord());
        }
        try (SpecificAvroSerializer<ImageEvent> writer = new SpecificAvroSerializer<>(ImageEvent.class)) {
            writer.configure(config(), false);
            AvroSerdeException e = assertThrows(AvroSerdeException.class, () -> writer.serialize(topic, TestEvents.image()));
            assertEquals(AvroSerdeException.Reason.INCOMPATIBLE_SCHEMA, e.reason());
        }
    }
}
