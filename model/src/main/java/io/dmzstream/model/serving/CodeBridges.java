package io.dmzstream.model.serving;

import ai.djl.MalformedModelException;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.repository.zoo.Criteria;
import ai.djl.repository.zoo.ModelNotFoundException;
import ai.djl.repository.zoo.ZooModel;
import ai.djl.translate.TranslateException;
import io.dmzstream.model.export.BridgeManifest;
import io.dmzstream.model.export.ModelFolder;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Loads code bridges (folders written by {@code train-bridge}) for serving through DJL. */
public final class CodeBridges {
    private CodeBridges() {
    }

    public static CodeBridge load(Path folder) throws IOException {
        Path file = folder.resolve("manifest.json");
        if (!Files.isRegularFile(file)) {
            throw new ModelFolder.ModelFolderException("missing " + file + " (a bridge folder needs the manifest written by `train-bridge`)");
        }
        BridgeManifest m = ModelFolder.JSON.readValue(file.toFile(), BridgeManifest.class);
        for (var e : m.files().entrySet()) {
            Path p = folder.resolve(e.getKey());
            if (!Files.isRegularFile(p) || !ModelFolder.sha256(p).equals(e.getValue())) {
                throw new ModelFolder.ModelFolderException("bridge file missing or corrupt: " + p);
            }
        }
        TensorFlowNatives.prepare();
        Criteria<NDList, NDList> criteria = Criteria.builder().setTypes(NDList.class, NDList.class)
                .optModelPath(folder).optEngine("TensorFlow").optOption("Tags", "serve")
                .optOption("SignatureDefKey", BridgeManifest.SIGNATURE).optModelName(BridgeManifest.SIGNATURE).build();
        try {
            return new DjlBridge(m, criteria.loadModel());
        } catch (ModelNotFoundException | MalformedModelException e) {
            throw new ModelFolder.ModelFolderException("cannot load bridge " + folder + ": " + e.getMessage());
        }
    }

    private record DjlBridge(BridgeManifest manifest, ZooModel<NDList, NDList> model) implements CodeBridge {
        @Override
        public String name() {
            return manifest.name() + ":" + manifest.version();
        }

        @Override
        public String sourceDomain() {
            return manifest.sourceDomain();
        }

        @Override
        public String targetDomain() {
            return manifest.targetDomain();
        }

        @Override
        public float[][] translate(float[][] source) {
            int n = source.length;
            int d = manifest.sourceBits();
            float[] flat = new float[n * d];
            for (int i = 0; i < n; i++) {
                if (source[i].length != d) {
                    throw new IllegalArgumentException("source code has " + source[i].length + " bits, bridge expects " + d);
                }
                System.arraycopy(source[i], 0, flat, i * d, d);
            }
            try (NDManager m = model.getNDManager().newSubManager();
                 var predictor = model.newPredictor()) {
                NDArray x = m.create(flat, new Shape(n, d));
                x.setName("source");
                NDList out = predictor.predict(new NDList(x));
                float[] res = out.get("target").toFloatArray();
                out.close();
                int dt = res.length / n;
                float[][] rows = new float[n][];
                for (int i = 0; i < n; i++) {
                    rows[i] = java.util.Arrays.copyOfRange(res, i * dt, (i + 1) * dt);
                }
                return rows;
            } catch (TranslateException e) {
                throw new IllegalStateException("bridge " + name() + " failed: " + e.getMessage(), e);
            }
        }

        @Override
        public void close() {
            model.close();
        }
    }
}
