package io.dmzstream.model.evaluation;

import io.dmzstream.model.data.Dataset;
import io.dmzstream.model.export.ModelFolder;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The reference classifier of each dataset, trained once and kept in a cache folder
 * ({@code ~/.cache/dmz-stream/eval/DATASET/} by default): its weights and a manifest holding the
 * sha256 of everything that determines them (training split, network, steps, seed). Retraining on
 * every run moved every FID by up to 17%, because a FID is only comparable under the same feature
 * space; a run whose inputs hash to the manifest's therefore reuses the weights, and any change of
 * inputs (or a weight file that no longer matches its hash) trains afresh.
 */
public final class ReferenceClassifiers {
    static final String MANIFEST = "manifest.json";
    static final String WEIGHTS = "weights.bin";

    private ReferenceClassifiers() {
    }

    /** A classifier and where it came from. */
    public record Loaded(ReferenceClassifier classifier, boolean reused, ReferenceManifest manifest, Path folder) {
    }

    /** {@code ~/.cache/dmz-stream/eval}. */
    public static Path defaultRoot() {
        return Path.of(System.getProperty("user.home"), ".cache", "dmz-stream", "eval");
    }

    /**
     * The cached classifier of {@code train.name()} under {@code root} when its manifest matches these
     * inputs, else a freshly trained one, which then replaces the cached one.
     *
     * @param retrain train and replace the cached classifier even when it matches
     */
    public static Loaded load(Path root, Dataset train, int steps, long seed, boolean retrain) throws IOException {
        Path folder = root.resolve(train.name());
        String inputs = inputsSha256(train, steps, seed);
        if (!retrain) {
            ReferenceManifest cached = matching(folder, inputs);
            if (cached != null) {
                System.err.println("reference classifier " + train.name() + ": reusing " + folder + " (inputs " + inputs.substring(0, 12) + ")");
                return new Loaded(read(folder, cached, train), true, cached, folder);
            }
        }
        System.err.println("reference classifier " + train.name() + ": training " + steps + " steps (cache " + folder + ")");
        ReferenceClassifier trained = ReferenceClassifier.train(train, steps, seed);
        try {
            ReferenceManifest manifest = write(folder, trained, train, inputs, steps, seed);
            return new Loaded(trained, false, manifest, folder);
        } catch (IOException | RuntimeException e) {
            trained.close();
            throw e;
        }
    }

    /** The cached manifest when it was written for exactly these inputs and its weights are intact; else null. */
    private static ReferenceManifest matching(Path folder, String inputs) throws IOException {
        Path file = folder.resolve(MANIFEST);
        Path weights = folder.resolve(WEIGHTS);
        if (!Files.isRegularFile(file) || !Files.isRegularFile(weights)) {
            return null;
        }
        ReferenceManifest m;
        try {
            m = ModelFolder.JSON.readValue(file.toFile(), ReferenceManifest.class);
        } catch (IOException e) {
            return null;
        }
        if (!inputs.equals(m.inputsSha256())) {
            System.err.println("reference classifier: " + file + " was trained on other inputs; retraining");
            return null;
        }
        if (!ModelFolder.sha256(weights).equals(m.weightsSha256())) {
            System.err.println("reference classifier: " + weights + " does not match its manifest; retraining");
            return null;
        }
        return m;
    }

    private static ReferenceClassifier read(Path folder, ReferenceManifest m, Dataset train) throws IOException {
        ByteBuffer buf = ByteBuffer.wrap(Files.readAllBytes(folder.resolve(WEIGHTS)));
        Map<String, float[]> weights = new LinkedHashMap<>();
        for (ReferenceManifest.Weight w : m.weights()) {
            float[] v = new float[Math.toIntExact(w.size())];
            buf.asFloatBuffer().get(v);
            buf.position(buf.position() + 4 * v.length);
            weights.put(w.name(), v);
        }
        return ReferenceClassifier.of(train.height(), train.width(), train.channels(), train.classNames().size(), weights);
    }

    /** Weights first, manifest last (each through a temporary file), so a crash never leaves a manifest over other weights. */
    private static ReferenceManifest write(Path folder, ReferenceClassifier c, Dataset train, String inputs, int steps, long seed)
            throws IOException {
        Files.createDirectories(folder);
        Map<String, float[]> values = c.weights();
        List<ReferenceManifest.Weight> list = new ArrayList<>();
        int total = 0;
        for (var e : values.entrySet()) {
            list.add(new ReferenceManifest.Weight(e.getKey(), c.shapes().get(e.getKey()).clone()));
            total += e.getValue().length;
        }
        ByteBuffer buf = ByteBuffer.allocate(4 * total);
        for (float[] v : values.values()) {
            buf.asFloatBuffer().put(v);
            buf.position(buf.position() + 4 * v.length);
        }
        Path tmpWeights = folder.resolve(WEIGHTS + ".tmp");
        Files.write(tmpWeights, buf.array());
        Files.move(tmpWeights, folder.resolve(WEIGHTS), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        ReferenceManifest m = new ReferenceManifest(train.name(), inputs, ReferenceClassifier.ARCHITECTURE, steps, seed,
                train.size(), train.describeImage(), train.classNames(), list, ModelFolder.sha256(folder.resolve(WEIGHTS)));
        Path tmp = folder.resolve(MANIFEST + ".tmp");
        ModelFolder.JSON.writeValue(tmp.toFile(), m);
        Files.move(tmp, folder.resolve(MANIFEST), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        return m;
    }

    /** sha256 over everything that determines the trained weights: network, steps, seed, and the training split itself. */
    static String inputsSha256(Dataset train, int steps, long seed) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            String header = ReferenceClassifier.ARCHITECTURE + "\n" + train.name() + "\n" + train.describeImage() + "\n"
                    + String.join("\u0000", train.classNames()) + "\nsteps=" + steps + "\nseed=" + seed + "\n";
            md.update(header.getBytes(StandardCharsets.UTF_8));
            md.update(train.pixels());
            md.update(train.labels());
            return HexFormat.of().formatHex(md.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
