package io.dmzstream.model.export;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.tensorflow.SavedModelBundle;
import org.tensorflow.Signature;

/** Writes an {@link InferenceGraph} as a SavedModel (tag {@code serve}) with its named signatures. */
public final class SavedModelExport {
    public static final String TAG = "serve";

    private SavedModelExport() {
    }

    /** Exports into {@code dir}, replacing an earlier SavedModel there; returns the signature keys. */
    public static List<String> export(InferenceGraph graph, Path dir) throws IOException {
        Files.createDirectories(dir);
        Files.deleteIfExists(dir.resolve("saved_model.pb"));
        Path vars = dir.resolve("variables");
        if (Files.exists(vars)) {
            try (var walk = Files.walk(vars)) {
                walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
        List<Signature> sigs = new ArrayList<>(List.of(graph.encodeSignature(), graph.denoiseSignature()));
        if (graph.classifySignature() != null) {
            sigs.add(graph.classifySignature());
        }
        SavedModelBundle.exporter(dir.toString())
                .withTags(TAG)
                .withSession(graph.session())
                .withSignatures(sigs.toArray(new Signature[0]))
                .export();
        return sigs.stream().map(Signature::key).toList();
    }
}
