package io.dmzstream.model.serving;

import ai.djl.Device;
import ai.djl.MalformedModelException;
import ai.djl.ndarray.NDList;
import ai.djl.repository.zoo.Criteria;
import ai.djl.repository.zoo.ModelNotFoundException;
import ai.djl.repository.zoo.ZooModel;
import io.dmzstream.model.export.InferenceGraph;
import io.dmzstream.model.export.Manifest;
import io.dmzstream.model.export.ModelFolder;
import io.dmzstream.model.export.SavedModelExport;
import io.dmzstream.model.schedule.NoiseSchedule;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;

/** Loads zoo models (folders written by {@code train}) for serving. */
public final class DmzModels {
    private DmzModels() {
    }

    /** Loads a model on the CPU. */
    public static DmzModel load(Path folder) throws IOException {
        return load(folder, "cpu");
    }

    /**
     * Verifies the folder against its manifest (every file's sha256), then loads the SavedModel's
     * signatures through DJL on the given device ({@code cpu} or {@code gpu:N}).
     *
     * @throws ModelFolder.ModelFolderException naming the file when the folder is missing, incomplete or corrupt
     */
    public static DmzModel load(Path folder, String device) throws IOException {
        return load(folder, device, 0);
    }

    /**
     * As {@link #load(Path, String)}, with {@code threads} TensorFlow intra-op threads per session
     * (inter-op 1); 0 keeps TensorFlow's defaults (every core).
     */
    public static DmzModel load(Path folder, String device, int threads) throws IOException {
        return load(folder, device, new TensorFlowThreads(threads, threads > 0 ? 1 : 0));
    }

    /** As {@link #load(Path, String)}, with the given TensorFlow thread pools for each signature's session. */
    public static DmzModel load(Path folder, String device, TensorFlowThreads threads) throws IOException {
        Manifest m = new ModelFolder(folder).verify();
        // the image shape comes from the typed network record (first-generation manifests map to 28x28x1)
        var net = m.network();
        ModelInfo info = new ModelInfo(m.name(), m.version(), m.dataset(), net.height(), net.width(), net.channels(),
                m.bits(), m.timesteps(), NoiseSchedule.Kind.valueOf(m.schedule().toUpperCase(Locale.ROOT)),
                m.hasLabelHead() ? m.labels() : java.util.List.of());
        return open(folder, info, m.signatures().contains(InferenceGraph.CLASSIFY), device, threads);
    }

    /**
     * Serves a SavedModel just exported into {@code dir}, before a manifest exists (training uses
     * its own export for features and sample grids, so they come from the one inference path).
     * The classify signature is loaded when {@code info} names labels.
     */
    public static DmzModel loadExport(Path dir, ModelInfo info) throws IOException {
        return open(dir, info, !info.labels().isEmpty(), "cpu", TensorFlowThreads.DEFAULT);
    }

    private static DmzModel open(Path folder, ModelInfo info, boolean classify, String device, TensorFlowThreads threads)
            throws IOException {
        TensorFlowNatives.prepare();
        Device dev = parseDevice(device);
        ZooModel<NDList, NDList> enc = null;
        ZooModel<NDList, NDList> den = null;
        try {
            enc = signature(folder, InferenceGraph.ENCODE, dev, threads);
            den = signature(folder, InferenceGraph.DENOISE, dev, threads);
            ZooModel<NDList, NDList> cls = classify ? signature(folder, InferenceGraph.CLASSIFY, dev, threads) : null;
            return new DjlDmzModel(info, enc, den, cls);
        } catch (IOException | RuntimeException e) {
            if (enc != null) {
                enc.close();
            }
            if (den != null) {
                den.close();
            }
            throw e;
        }
    }

    static Device parseDevice(String device) {
        String d = device.trim().toLowerCase(Locale.ROOT);
        if (d.equals("cpu")) {
            return Device.cpu();
        }
        if (d.startsWith("gpu")) {
            int id = d.contains(":") ? Integer.parseInt(d.substring(d.indexOf(':') + 1)) : 0;
            return Device.gpu(id);
        }
        throw new IllegalArgumentException("unknown device '" + device + "' (expected cpu or gpu:N)");
    }

    static ZooModel<NDList, NDList> signature(Path folder, String key, Device device, TensorFlowThreads threads)
            throws IOException {
        var builder = Criteria.builder();
        threads.configProto().ifPresent(proto -> builder.optOption("ConfigProto", proto));
        Criteria<NDList, NDList> criteria = builder
                .setTypes(NDList.class, NDList.class)
                .optModelPath(folder)
                .optEngine("TensorFlow")
                .optDevice(device)
                .optOption("Tags", SavedModelExport.TAG)
                .optOption("SignatureDefKey", key)
                .optModelName(key)
                .build();
        try {
            return criteria.loadModel();
        } catch (ModelNotFoundException | MalformedModelException e) {
            throw new ModelFolder.ModelFolderException("cannot load signature '" + key + "' of " + folder + ": " + e.getMessage());
        }
    }
}
