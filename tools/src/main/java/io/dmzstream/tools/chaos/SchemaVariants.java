package io.dmzstream.tools.chaos;

import io.dmzstream.schemas.ImageEvent;
import io.dmzstream.schemas.registry.HttpSchemaRegistryClient;
import io.dmzstream.schemas.serde.ConfluentHeader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.apache.avro.Schema;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificDatumWriter;

/**
 * New writer-schema versions of ImageEvent, registered straight with the registry (not through the
 * proxy), so the service meets schema ids it has never seen while it cannot reach the registry.
 * Each version adds one trailing optional field (null in every event), which a reader of the
 * released schema skips.
 */
final class SchemaVariants implements AutoCloseable {
    private final HttpSchemaRegistryClient client;
    private final String subject;

    SchemaVariants(String registryUrl, String topic) {
        this.client = new HttpSchemaRegistryClient(Map.of("schema.registry.url", registryUrl));
        this.subject = topic + "-value";
    }

    /** Registers version {@code tag} and returns an encoder writing events with its id. */
    Function<ImageEvent, byte[]> register(String tag) {
        Schema base = ImageEvent.getClassSchema();
        List<Schema.Field> fields = new ArrayList<>();
        for (Schema.Field f : base.getFields()) {
            fields.add(new Schema.Field(f, f.schema()));
        }
        Schema optional = Schema.createUnion(Schema.create(Schema.Type.NULL), Schema.create(Schema.Type.STRING));
        fields.add(new Schema.Field("chaos_" + tag, optional, "added by the chaos suite", Schema.Field.NULL_DEFAULT_VALUE));
        Schema variant = Schema.createRecord(base.getName(), base.getDoc(), base.getNamespace(), false, fields);
        byte[] header = new ConfluentHeader(client.register(subject, variant)).toBytes();
        SpecificDatumWriter<ImageEvent> writer = new SpecificDatumWriter<>(base);
        return event -> {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            out.writeBytes(header);
            BinaryEncoder e = EncoderFactory.get().binaryEncoder(out, null);
            try {
                writer.write(event, e);
                e.writeIndex(0); // the added field: null
                e.flush();
            } catch (IOException ex) {
                throw new UncheckedIOException(ex);
            }
            return out.toByteArray();
        };
    }

    @Override
    public void close() {
        client.close();
    }
}
