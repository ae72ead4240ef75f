package io.dmzstream.schemas.serde;

import io.dmzstream.schemas.ImageEvent;
import io.dmzstream.schemas.LabelEvent;
import io.dmzstream.schemas.testing.TestEvents;
import org.apache.avro.SchemaNormalization;
import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

class SingleObjectEncodingTest {

    @Test
    void bytesEqualAvrosOwnSingleObjectEncoder() throws IOException {
        SpecificAvroSerializer<ImageEvent> serializer = new SpecificAvroSerializer<>(ImageEvent.class);
        serializer.configure(Map.of(), false);

        byte[] ours = serializer.serialize("dmz.images", TestEvents.image());
        ByteBuffer avros = ImageEvent.getEncoder().encode(TestEvents.image());

        assertArrayEquals(toArray(avros), ours);
        assertEquals(TestEvents.image(), ImageEvent.getDecoder().decode(ours));
    }

    @Test
    void readsWhatAvrosOwnEncoderWrites() throws IOException {
        SpecificAvroDeserializer<LabelEvent> deserializer = new SpecificAvroDeserializer<>(LabelEvent.class);
        deserializer.configure(Map.of(), false);
        byte[] avros = toArray(LabelEvent.getEncoder().encode(TestEvents.label()));

        assertEquals(TestEvents.label(), deserializer.deserialize("dmz.labels", avros));
    }

    @Test
    void headerCarriesTheLittleEndianFingerprint() {
        long fingerprint = SchemaNormalization.parsingFingerprint64(ImageEvent.getClassSchema());
        byte[] header = new SingleObjectHeader(fingerprint).toBytes();
        assertEquals((byte) 0xC3, header[0]);
        assertEquals((byte) 0x01, header[1]);
        assertEquals((byte) fingerprint, header[2]);
        assertEquals((byte) (fingerprint >>> 56), header[9]);
        assertEquals(fingerprint, SingleObjectHeader.read(header).fingerprint());
    }

    @Test
    void unconfiguredSerdeIsTheRegistryLessDefault() {
        for (SpecificRecord event : TestEvents.all()) {
            assertEquals(event, roundTripUnconfigured(event));
        }
    }

    @SuppressWarnings("unchecked")
    private static <T extends SpecificRecord> T roundTripUnconfigured(T event) {
        try (SpecificAvroSerde<T> serde = new SpecificAvroSerde<>((Class<T>) event.getClass())) {
            byte[] bytes = serde.serializer().serialize("t", event);
            assertEquals((byte) 0xC3, bytes[0]);
            return serde.deserializer().deserialize("t", bytes);
        }
    }

    @Test
    void blankRegistryUrlMeansRegistryLess() {
        try (SpecificAvroSerde<ImageEvent> serde = new SpecificAvroSerde<>(ImageEvent.class)) {
            serde.configure(Map.of("schema.registry.url", " "), false);
            assertEquals((byte) 0xC3, serde.serializer().serialize("t", TestEvents.image())[0]);
        }
    }

    private static byte[] toArray(ByteBuffer buffer) {
        byte[] bytes = new byte[buffer.remaining()];
        buffer.get(bytes);
        return bytes;
    }
}
