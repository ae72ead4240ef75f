package io.dmzstream.schemas.evolution;

import io.dmzstream.schemas.ImageEvent;
import io.dmzstream.schemas.ImageFormat;
import io.dmzstream.schemas.ImageShape;
import io.dmzstream.schemas.LatentCommand;
import io.dmzstream.schemas.LatentCommandKind;
import io.dmzstream.schemas.OutputKind;
import io.dmzstream.schemas.ReconstructionMode;
import io.dmzstream.schemas.testing.TestEvents;
import org.apache.avro.Schema;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The names and defaults other modules code against, and the documentation rule. */
class SchemaContractTest {

    @Test
    void everyRecordEnumAndFieldIsDocumented() {
        List<String> undocumented = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (Schema schema : EventSchemas.current()) {
            collectUndocumented(schema, undocumented, seen);
        }
        assertTrue(undocumented.isEmpty(), "missing doc: " + undocumented);
    }

    private static void collectUndocumented(Schema schema, List<String> undocumented, Set<String> seen) {
        switch (schema.getType()) {
            case RECORD -> {
                if (!seen.add(schema.getFullName())) {
                    return;
                }
                if (isBlank(schema.getDoc())) {
                    undocumented.add(schema.getFullName());
                }
                for (Schema.Field field : schema.getFields()) {
                    if (isBlank(field.doc())) {
                        undocumented.add(schema.getFullName() + "." + field.name());
                    }
                    collectUndocumented(field.schema(), undocumented, seen);
                }
            }
            case ENUM -> {
                if (seen.add(schema.getFullName()) && isBlank(schema.getDoc())) {
                    undocumented.add(schema.getFullName());
                }
            }
            case ARRAY -> collectUndocumented(schema.getElementType(), undocumented, seen);
            case MAP -> collectUndocumented(schema.getValueType(), undocumented, seen);
            case UNION -> schema.getTypes().forEach(t -> collectUndocumented(t, undocumented, seen));
            default -> { }
        }
    }

    private static boolean isBlank(String doc) {
        return doc == null || doc.isBlank();
    }

    @Test
    void imageEventDefaultsLeaveOnlyTheEssentialsRequired() {
        ImageEvent minimal = ImageEvent.newBuilder().setId("i").setDomain("mnist").setFormat(ImageFormat.PNG)
            .setImage(ByteBuffer.wrap(new byte[] {1})).setWidth(28).setHeight(28).build();
        assertEquals(1, minimal.getChannels());
        assertEquals(List.of(OutputKind.LATENT, OutputKind.LABEL), minimal.getOutputs());
        assertNull(minimal.getSteps());
        assertNull(minimal.getTargetDomain());
        assertNull(minimal.getSeed());
        assertNull(minimal.getReconstructionMode(), "null = the service's default mode");
        assertEquals(Map.of(), minimal.getAttributes());
    }

    @Test
    void namesTheTopologyCodesAgainst() {
        assertEquals("io.dmzstream.schemas", ImageEvent.getClassSchema().getNamespace());
        assertEquals(List.of("PNG", "RAW_U8", "JPEG"), ImageFormat.getClassSchema().getEnumSymbols());
        assertEquals(List.of("LATENT", "LABEL", "RECONSTRUCTION", "TRANSFER"), OutputKind.getClassSchema().getEnumSymbols());
        assertEquals(List.of("id", "inputRef", "model", "domain", "bits", "d", "probabilities", "fittedFrom"),
            fieldNames(TestEvents.latent().getSchema()));
        assertEquals(List.of("id", "inputRef", "model", "label", "name", "confidence", "topK", "fittedFrom"),
            fieldNames(TestEvents.label().getSchema()));
        assertEquals(List.of("id", "inputRef", "model", "png", "width", "height", "channels", "steps", "seed", "sampler",
            "mse", "fittedFrom"), fieldNames(TestEvents.reconstruction().getSchema()));
        assertEquals(List.of("id", "inputRef", "sourceDomain", "targetDomain", "sourceModel", "targetModel", "bridge",
            "png", "width", "height", "channels", "steps", "seed", "sampler", "fittedFrom"),
            fieldNames(TestEvents.transfer().getSchema()));
        assertEquals(List.of("width", "height", "channels"), fieldNames(ImageShape.getClassSchema()));
        assertEquals(String.class, TestEvents.image().getId().getClass(), "stringType String");
    }

    @Test
    void latentCommandDefaultsLeaveOnlyTheEssentialsRequired() {
        LatentCommand generate = LatentCommand.newBuilder().setId("c").setKind(LatentCommandKind.GENERATE).setDomain("mnist").build();
        assertEquals(1, generate.getCount());
        assertNull(generate.getLabel(), "null = any class");
        assertNull(generate.getFrom());
        assertNull(generate.getTo());
        assertEquals(8, generate.getPoints());
        assertNull(generate.getCodesModel());
        assertNull(generate.getSteps());
        assertNull(generate.getSeed());
        assertEquals(Map.of(), generate.getAttributes());
    }

    @Test
    void namesTheLatentOperationsCodeAgainst() {
        assertEquals(List.of("SEMANTIC", "EXACT"), ReconstructionMode.getClassSchema().getEnumSymbols());
        assertEquals(List.of("GENERATE", "INTERPOLATE"), LatentCommandKind.getClassSchema().getEnumSymbols());
        assertEquals(List.of("id", "kind", "domain", "count", "label", "from", "to", "points", "codesModel", "steps", "seed",
            "attributes"), fieldNames(TestEvents.command().getSchema()));
        assertEquals(List.of("commandId", "index", "total", "inputRef", "kind", "domain", "model", "prior", "label", "code",
            "png", "width", "height", "channels", "steps", "seed", "sampler"), fieldNames(TestEvents.sample().getSchema()));
        // the code travels exactly as LatentEvent publishes it, so a consumer can paste one into a command
        Schema code = TestEvents.command().getSchema().getField("from").schema().getTypes().get(1);
        assertEquals(List.of("bits", "d"), fieldNames(code));
        assertEquals(TestEvents.latent().getSchema().getField("bits").schema(), code.getField("bits").schema());
        assertEquals(TestEvents.latent().getSchema().getField("d").schema(), code.getField("d").schema());
    }

    private static List<String> fieldNames(Schema schema) {
        return schema.getFields().stream().map(Schema.Field::name).toList();
    }
}
