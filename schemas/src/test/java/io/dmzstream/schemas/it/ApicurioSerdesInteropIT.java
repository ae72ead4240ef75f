package io.dmzstream.schemas.it;

import io.dmzstream.schemas.testing.RegistryUnderTest;
import io.apicurio.registry.serde.SerdeConfig;
import io.apicurio.registry.serde.avro.AvroKafkaDeserializer;
import io.apicurio.registry.serde.avro.AvroKafkaSerdeConfig;
import io.apicurio.registry.serde.avro.AvroKafkaSerializer;
import io.dmzstream.schemas.ImageEvent;
import io.dmzstream.schemas.LabelEvent;
import io.dmzstream.schemas.serde.ConfluentHeader;
import io.dmzstream.schemas.serde.SpecificAvroDeserializer;
import io.dmzstream.schemas.serde.SpecificAvroSerializer;
import io.dmzstream.schemas.testing.TestEvents;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Interoperability with an independent implementation of the Confluent wire format: Apicurio's
 * serdes 2.6.13 in Confluent mode (4-byte content id, no headers), talking to the native API.
 */
class ApicurioSerdesInteropIT {

    private static Map<String, Object> apicurioConfig() {
        return Map.of(
            SerdeConfig.REGISTRY_URL, RegistryUnderTest.apicurioUrl(),
            SerdeConfig.AUTO_REGISTER_ARTIFACT, true,
            SerdeConfig.ENABLE_CONFLUENT_ID_HANDLER, true,
            SerdeConfig.ENABLE_HEADERS, false,
            SerdeConfig.USE_ID, "contentId",
            AvroKafkaSerdeConfig.USE_SPECIFIC_AVRO_READER, true);
    }

    private static Map<String, Object> ourConfig() {
        return Map.of("schema.registry.url", RegistryUnderTest.ccompatUrl());
    }

    @Test
    void whatApicurioWritesWeRead() {
        String topic = RegistryUnderTest.unique("from-apicurio");
        byte[] bytes;
        try (AvroKafkaSerializer<ImageEvent> theirs = new AvroKafkaSerializer<>()) {
            theirs.configure(apicurioConfig(), false);
            bytes = theirs.serialize(topic, TestEvents.image());
        }
        assertEquals(ConfluentHeader.MAGIC_BYTE, bytes[0]);

        try (SpecificAvroDeserializer<ImageEvent> ours = new SpecificAvroDeserializer<>(ImageEvent.class)) {
            ours.configure(ourConfig(), false);
            assertEquals(TestEvents.image(), ours.deserialize(topic, bytes));
        }
        // same subject, same schema content, same id: the two implementations must agree byte for byte
        try (SpecificAvroSerializer<ImageEvent> ours = new SpecificAvroSerializer<>(ImageEvent.class)) {
            ours.configure(ourConfig(), false);
            assertArrayEquals(bytes, ours.serialize(topic, TestEvents.image()));
        }
    }

    @Test
    void whatWeWriteApicurioReads() {
        String topic = RegistryUnderTest.unique("to-apicurio");
        byte[] bytes;
        try (SpecificAvroSerializer<LabelEvent> ours = new SpecificAvroSerializer<>(LabelEvent.class)) {
            ours.configure(ourConfig(), false);
            bytes = ours.serialize(topic, TestEvents.label());
        }

        try (AvroKafkaDeserializer<LabelEvent> theirs = new AvroKafkaDeserializer<>()) {
            theirs.configure(apicurioConfig(), false);
            assertEquals(TestEvents.label(), theirs.deserialize(topic, bytes));
        }
    }
}
