package io.dmzstream.model.train;

import io.dmzstream.model.data.Dataset;
import io.dmzstream.model.data.Datasets;
import io.dmzstream.model.export.CodeStatistics;
import io.dmzstream.model.export.InferenceGraph;
import io.dmzstream.model.export.LabelHead;
import io.dmzstream.model.export.Manifest;
import io.dmzstream.model.export.ModelCard;
import io.dmzstream.model.export.ModelFolder;
import io.dmzstream.model.export.SavedModelExport;
import io.dmzstream.model.image.ImageGrid;
import io.dmzstream.model.network.BitThreshold;
import io.dmzstream.model.pipeline.DecodePipeline;
import io.dmzstream.model.sampler.Denoiser;
import io.dmzstream.model.sampler.Sampler;
import io.dmzstream.model.sampler.SamplerKind;
import io.dmzstream.model.schedule.NoiseSchedule;
import io.dmzstream.model.serving.DmzModel;
import io.dmzstream.model.serving.DmzModels;
import io.dmzstream.model.serving.DmzPredictor;
import io.dmzstream.model.serving.ModelInfo;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The whole {@code train} command: autoencoder, label head, SavedModel export, sample grid,
 * manifest and model card, in that order.
 */
public final class TrainJob {
    private static final Logger LOG = LoggerFactory.getLogger(TrainJob.class);
    /** An MLP head replaces softmax regression only if it is at least this much better on held-out data. */
    private static final double MLP_MARGIN = 0.01;

    private final TrainConfig config;
    private final String version;
    private final String command;

    public TrainJob(TrainConfig config, String version, String command) {
        this.config = config;
        this.version = version;
        this.command = command;
    }

    /** Trains on the named dataset of the config ({@code mnist}, {@code fashion}, {@code edges}). */
    public Manifest run() throws IOException {
        return run(Datasets.load(config.dataset(), Dataset.Split.TRAIN), Datasets.load(config.dataset(), Dataset.Split.TEST));
    }

    /** Trains on the given splits (e.g. read from an image folder); a split without class names trains no label head. */
    public Manifest run(Dataset train, Dataset test) throws IOException {
        if (config.limit() > 0) {
            train = train.head(config.limit());
            test = test.head(config.limit());
        }
        DmzTrainer.Outcome outcome = new DmzTrainer(config).train(train);
        LOG.info("autoencoder done: {} steps in {} s, mse {}", outcome.stepsTrained(),
                Math.round(outcome.seconds()), String.format("%.4f", outcome.lastMse()));

        float[][] trainCodes;
        float[][] testCodes;
        // the label head is trained on the codes the served model will give, so they come from an export of it
        Path featuresDir = Files.createTempDirectory("dmz-train-features-");
        try {
            try (InferenceGraph features = new InferenceGraph(config.network(), outcome.emaWeights(), null)) {
                SavedModelExport.export(features, featuresDir);
            }
            try (DmzModel features = DmzModels.loadExport(featuresDir, info(List.of()));
                 DmzPredictor predictor = features.newPredictor()) {
                trainCodes = probabilities(predictor, train);
                testCodes = probabilities(predictor, test);
            }
        } finally {
            deleteTree(featuresDir);
        }
        LabelHeadTrainer.Fit linear = null;
        LabelHeadTrainer.Fit mlp = null;
        LabelHeadTrainer.Fit chosen = null;
        if (train.labelled()) {
            int[] trainLabels = labels(train);
            int[] testLabels = labels(test);
            int classes = train.classNames().size();
            linear = new LabelHeadTrainer(0, classes, 60, 0.01f, config.seed()).fit(trainCodes, trainLabels, testCodes, testLabels);
            mlp = new LabelHeadTrainer(256, classes, 60, 0.002f, config.seed()).fit(trainCodes, trainLabels, testCodes, testLabels);
            chosen = mlp.validationAccuracy() >= linear.validationAccuracy() + MLP_MARGIN ? mlp : linear;
            LOG.info("label head: linear {} / MLP {} test accuracy; shipping {}", pct(linear.testAccuracy()),
                    pct(mlp.testAccuracy()), chosen.head().describe());
        } else {
            LOG.info("unlabelled images: no label head (LABEL requests for this model are refused)");
        }

        var folder = new ModelFolder(config.out());
        List<String> signatures;
        try (InferenceGraph graph = new InferenceGraph(config.network(), outcome.emaWeights(),
                chosen == null ? null : chosen.head())) {
            signatures = SavedModelExport.export(graph, config.out());
        }
        try (DmzModel exported = DmzModels.loadExport(config.out(), info(chosen == null ? List.of() : train.classNames()));
             DmzPredictor predictor = exported.newPredictor()) {
            writeSamples(predictor, test, testCodes);
        }
        CodeStatistics stats = CodeStatistics.of(trainCodes);
        Map<String, Object> metrics = new LinkedHashMap<>();
        if (chosen != null) {
            metrics.put("head", chosen.head().describe());
            metrics.put("head_accuracy", chosen.testAccuracy());
            metrics.put("linear_probe_accuracy", linear.testAccuracy());
            metrics.put("mlp_head_accuracy", mlp.testAccuracy());
        } else {
            metrics.put("head", Manifest.NO_LABEL_HEAD);
        }
        metrics.put("final_train_mse", outcome.lastMse());
        // per-image entropy of a bit in bits, on the last training batch: 1 means the code says nothing
        metrics.put("final_bit_entropy", outcome.lastBitEntropy());
        if (config.labelWeight() != 0) {
            // cross-entropy (nats) of the training-time class term on the last batch; ln(classes) = chance
            metrics.put("final_class_loss", outcome.lastClassLoss());
        }
        metrics.put("test_distinct_codes", CodeStatistics.of(testCodes).distinctCodes());

        Map<String, Object> training = new LinkedHashMap<>();
        training.put("parameters", outcome.parameters());
        if (config.images() != null) {
            training.put("images", CommandLines.homeRelative(config.images()));
            training.put("resize", "shorter side scaled to fit, then centre-cropped to " + config.network().width() + "x"
                    + config.network().height() + "; channels converted to " + config.network().channels());
        }
        training.put("test_images", test.size());
        training.put("batch_size", config.batchSize());
        training.put("optimizer", "AdamW (Adam + decoupled weight decay)");
        training.put("learning_rate", config.learningRate());
        training.put("weight_decay", config.weightDecay());
        training.put("ema_decay", config.emaDecay());
        training.put("ema_warmup", EmaWarmup.FORMULA);
        training.put("input_perturbation", config.inputPerturbation());
        training.put("balance_weight", config.balanceWeight());
        training.put("confidence_weight", config.confidenceWeight());
        training.put("label_weight", config.labelWeight());
        training.put("steps_requested", config.steps());
        training.put("training_images", train.size());
        training.put("wall_seconds_last_session", Math.round(outcome.seconds()));
        training.put("command", command);
        training.put("machine", Runtime.getRuntime().availableProcessors() + " CPU cores, " + System.getProperty("os.arch"));

        Manifest draft = new Manifest(config.name(), version, config.dataset(), config.network().imageShape(),
                config.network().bits(), config.network().conditioned(), NoiseSchedule.Kind.COSINE.name().toLowerCase(),
                config.timesteps(), outcome.stepsTrained(), config.seed(), config.network(), training, train.classNames(),
                metrics, stats, signatures, Map.of());
        ModelCard.write(config.out(), draft);
        Manifest manifest = draft.withFiles(folder.hashFiles());
        folder.writeManifest(manifest);
        LOG.info("exported {} to {}", config.name(), config.out());
        return manifest;
    }

    /** Row 1: test images; row 2: their reconstructions at K = 10; rows 3-4: samples from uniform random codes. */
    private void writeSamples(Denoiser denoiser, Dataset test, float[][] testCodes) throws IOException {
        int n = Math.min(12, test.size());
        int d = config.network().bits();
        Sampler sampler = new Sampler(NoiseSchedule.cosine(config.timesteps()), SamplerKind.DDPM, test.pixelsPerImage());
        DecodePipeline pipeline = new DecodePipeline(denoiser, sampler);
        float[][] inputs = new float[n][];
        float[][] codes = new float[n][];
        long[] seeds = new long[n];
        for (int i = 0; i < n; i++) {
            inputs[i] = test.image(i);
            codes[i] = BitThreshold.bits(testCodes[i]);
            seeds[i] = i;
        }
        float[][] recon = pipeline.decode(codes, 10, seeds);
        SplittableRandom rng = new SplittableRandom(config.seed());
        float[][] uniform = new float[2 * n][d];
        long[] useeds = new long[2 * n];
        for (int i = 0; i < 2 * n; i++) {
            for (int k = 0; k < d; k++) {
                uniform[i][k] = rng.nextBoolean() ? 1f : 0f;
            }
            useeds[i] = 1000 + i;
        }
        float[][] samples = pipeline.decode(uniform, 10, useeds);
        new ImageGrid(test.height(), test.width(), test.channels(), 2).addRow(inputs).addRow(recon)
                .addRow(java.util.Arrays.copyOfRange(samples, 0, n))
                .addRow(java.util.Arrays.copyOfRange(samples, n, 2 * n))
                .write(config.out().resolve("samples.png"));
    }

    /** What the served model will say about itself, for serving an export before its manifest exists. */
    private ModelInfo info(List<String> labels) {
        var net = config.network();
        return new ModelInfo(config.name(), version, config.dataset(), net.height(), net.width(), net.channels(),
                net.bits(), config.timesteps(), NoiseSchedule.Kind.COSINE, labels);
    }

    /** Per-bit probabilities of every image of a dataset, in batches of 500. */
    private static float[][] probabilities(DmzPredictor predictor, Dataset data) {
        int batch = 500;
        float[][] out = new float[data.size()][];
        for (int start = 0; start < data.size(); start += batch) {
            float[][] images = new float[Math.min(batch, data.size() - start)][];
            for (int i = 0; i < images.length; i++) {
                images[i] = data.image(start + i);
            }
            System.arraycopy(predictor.encode(images).probabilities(), 0, out, start, images.length);
        }
        return out;
    }

    private static void deleteTree(Path dir) throws IOException {
        try (var paths = Files.walk(dir)) {
            for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    private static int[] labels(Dataset d) {
        int[] out = new int[d.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = d.label(i);
        }
        return out;
    }

    private static String pct(double v) {
        return String.format("%.2f%%", 100 * v);
    }
}
