package io.dmzstream.model.serving;

import ai.djl.Device;
import ai.djl.MalformedModelException;
import ai.djl.ndarray.NDList;
import ai.djl.repository.zoo.Criteria;
import ai.djl.repository.zoo.ModelNotFoundException;
import ai.djl.repository.zoo.ZooModel;
import io.dmzstream.model.export.Manifest;
import io.dmzstream.model.export.ModelFolder;
import io.dmzstream.model.export.PriorManifest;
import io.dmzstream.model.export.SavedModelExport;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Loads code priors (the {@code prior/} folder {@code train-prior} writes into a model folder) for serving through DJL. */
public final class CodePriors {
    private CodePriors() {
    }

    /** Where the prior of a model folder lives. */
    public static Path folder(Path modelFolder) {
        return modelFolder.resolve(PriorManifest.FOLDER);
    }

    /** Whether the model folder has a prior (not whether it is intact: {@link #load} checks that). */
    public static boolean exists(Path modelFolder) {
        return Files.isRegularFile(folder(modelFolder).resolve(Manifest.FILE));
    }

    /** Loads the prior of a model folder on the CPU. */
    public static CodePrior load(Path modelFolder) throws IOException {
        return load(modelFolder, "cpu");
    }

    /**
     * Verifies the prior's files against its manifest and that it was fitted to this model's
     * current weights, then loads its signatures through DJL.
     *
     * @throws ModelFolder.ModelFolderException naming the file or the mismatch when the prior is
     *         missing, corrupt, or fitted to other weights of the model
     */
    public static CodePrior load(Path modelFolder, String device) throws IOException {
        Path dir = folder(modelFolder);
        Path file = dir.resolve(Manifest.FILE);
        if (!Files.isRegularFile(file)) {
            throw new ModelFolder.ModelFolderException("no prior for " + modelFolder + ": missing " + file
                    + " (run `train-prior --model " + modelFolder + "`)");
        }
        PriorManifest prior;
        try {
            prior = ModelFolder.JSON.readValue(file.toFile(), PriorManifest.class);
        } catch (IOException e) {
            throw new ModelFolder.ModelFolderException("unreadable prior manifest " + file + ": " + e.getMessage());
        }
        if (prior.files() == null || prior.files().isEmpty()) {
            throw new ModelFolder.ModelFolderException(file + " lists no files");
        }
        for (var e : prior.files().entrySet()) {
            Path p = dir.resolve(e.getKey());
            if (!Files.isRegularFile(p) || !ModelFolder.sha256(p).equals(e.getValue())) {
                throw new ModelFolder.ModelFolderException("prior file missing or corrupt: " + p);
            }
        }
        Manifest model = new ModelFolder(modelFolder).verify();
        String id = model.name() + ":" + model.version();
        if (!prior.model().equals(id) || !prior.modelFingerprint().equals(PriorManifest.fingerprint(model))) {
            throw new ModelFolder.ModelFolderException("prior " + dir + " was fitted to other weights (" + prior.model()
                    + ") than the model now in " + modelFolder + " (" + id + "); rerun `train-prior --model " + modelFolder + "`");
        }
        if (prior.bits() != model.bits()) {
            throw new ModelFolder.ModelFolderException("prior " + dir + " models " + prior.bits() + "-bit codes, the model has " + model.bits());
        }
        TensorFlowNatives.prepare();
        Device dev = DmzModels.parseDevice(device);
        ZooModel<NDList, NDList> sample = signature(dir, PriorManifest.SAMPLE, dev);
        try {
            return new DjlCodePrior(prior, sample, signature(dir, PriorManifest.LOG_PROB, dev));
        } catch (IOException | RuntimeException e) {
            sample.close();
            throw e;
        }
    }

    private static ZooModel<NDList, NDList> signature(Path dir, String key, Device device) throws IOException {
        Criteria<NDList, NDList> criteria = Criteria.builder().setTypes(NDList.class, NDList.class)
                .optModelPath(dir).optEngine("TensorFlow").optDevice(device)
                .optOption("Tags", SavedModelExport.TAG).optOption("SignatureDefKey", key).optModelName(key).build();
        try {
            return criteria.loadModel();
        } catch (ModelNotFoundException | MalformedModelException e) {
            throw new ModelFolder.ModelFolderException("cannot load signature '" + key + "' of prior " + dir + ": " + e.getMessage());
        }
    }
}
