package io.dmzstream.model.serving;

import ai.djl.MalformedModelException;
import ai.djl.inference.Predictor;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.repository.zoo.Criteria;
import ai.djl.repository.zoo.ModelNotFoundException;
import ai.djl.repository.zoo.ZooModel;
import ai.djl.translate.TranslateException;
import io.dmzstream.model.export.BridgeManifest;
import io.dmzstream.model.export.ModelFolder;
import java.io.IOException;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
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

    /**
     * One DJL predictor, opened on first use and reused by every call (serialised: a predictor and
     * its staging buffer serve one thread at a time; the transfer lane is one thread per device).
     */
    private static final class DjlBridge implements CodeBridge {
        private final BridgeManifest manifest;
        private final ZooModel<NDList, NDList> model;
        private final StagingBuffer staged = new StagingBuffer();
        private NDManager manager;
        private Predictor<NDList, NDList> predictor;

        DjlBridge(BridgeManifest manifest, ZooModel<NDList, NDList> model) {
            this.manifest = manifest;
            this.model = model;
        }

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
        public synchronized float[][] translate(float[][] source) {
            int n = source.length;
            int d = manifest.sourceBits();
            for (float[] row : source) {
                if (row.length != d) {
                    throw new IllegalArgumentException("source code has " + row.length + " bits, bridge expects " + d);
                }
            }
            if (predictor == null) {
                manager = model.getNDManager().newSubManager();
                predictor = model.newPredictor();
            }
            NDArray x = manager.create(staged.rows(source), new Shape(n, d), DataType.FLOAT32);
            x.setName("source");
            try (NDList in = new NDList(x); NDList out = predictor.predict(in)) {
                FloatBuffer res = out.get("target").toByteBuffer().order(ByteOrder.nativeOrder()).asFloatBuffer();
                float[][] rows = new float[n][res.remaining() / n];
                for (float[] row : rows) {
                    res.get(row);
                }
                return rows;
            } catch (TranslateException e) {
                throw new IllegalStateException("bridge " + name() + " failed: " + e.getMessage(), e);
            }
        }

        @Override
        public synchronized void close() {
            if (predictor != null) {
                predictor.close();
                manager.close();
            }
            model.close();
        }
    }
}
