package io.dmzstream.model.prior;

import io.dmzstream.model.data.Dataset;
import io.dmzstream.model.data.Datasets;
import io.dmzstream.model.export.Manifest;
import io.dmzstream.model.export.ModelFolder;
import io.dmzstream.model.export.PriorManifest;
import io.dmzstream.model.image.ImageGrid;
import io.dmzstream.model.network.BitThreshold;
import io.dmzstream.model.pipeline.DecodePipeline;
import io.dmzstream.model.pipeline.EncodePipeline;
import io.dmzstream.model.sampler.SamplerKind;
import io.dmzstream.model.serving.CodePrior;
import io.dmzstream.model.serving.CodePriors;
import io.dmzstream.model.serving.DmzModel;
import io.dmzstream.model.serving.DmzModels;
import io.dmzstream.model.train.ProgressBar;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code train-prior} command: encode the model's training images into hard codes (the serving
 * encode path), fit a MADE to them, export it into the model's {@code prior/} folder, and score the
 * served prior on the codes of the test split: its NLL in bits next to d, the cost of uniform codes.
 */
public final class PriorJob {
    private static final Logger LOG = LoggerFactory.getLogger(PriorJob.class);
    static final int GRID_COLUMNS = 8;
    private static final int GRID_STEPS = 10;

    private final Path modelDir;
    private final PriorSettings settings;
    private final String command;

    public PriorJob(Path modelDir, PriorSettings settings, String command) {
        this.modelDir = modelDir;
        this.settings = settings;
        this.command = command;
    }

    public PriorManifest run() throws IOException {
        long start = System.nanoTime();
        Manifest model = new ModelFolder(modelDir).verify();
        boolean conditional = settings.conditional() && model.labels() != null && model.labels().size() > 1;
        if (settings.conditional() && !conditional) {
            LOG.warn("{} has no class labels: fitting an unconditional prior", model.name());
        }
        List<String> classNames = conditional ? model.labels() : List.of("*");
        Path out = CodePriors.folder(modelDir);
        try (DmzModel dmz = DmzModels.load(modelDir)) {
            LabelledCodes train = encode(dmz, Dataset.Split.TRAIN, conditional);
            LabelledCodes test = encode(dmz, Dataset.Split.TEST, conditional);
            int held = Math.max(1, train.size() / 12);
            LabelledCodes fit = train.slice(0, train.size() - held);
            LabelledCodes validation = train.slice(train.size() - held, train.size());

            MadeConfig config = new MadeConfig(model.bits(), settings.hidden(), settings.hiddenLayers(), classNames.size());
            PriorTrainer.Fit result = new PriorTrainer(config, settings.maxEpochs(), settings.batch(), settings.learningRate(),
                    settings.patience(), settings.seed()).fit(fit, validation);
            double[] frequencies = fit.classFrequencies(classNames.size());
            Map<String, Object> training = new LinkedHashMap<>();
            training.put("architecture", "MADE: " + settings.hiddenLayers() + " masked ReLU layer(s) of " + settings.hidden()
                    + " units, direct masked bits->logits connections" + (conditional ? ", one-hot class added to the first hidden layer and the logits" : ""));
            training.put("parameters", config.parameterCount());
            training.put("objective", "exact negative log-likelihood of the hard training codes (sum of per-bit binary cross-entropies)");
            training.put("optimizer", "Adam lr " + settings.learningRate() + ", batch " + settings.batch()
                    + ", early stopping (patience " + settings.patience() + ") on the validation NLL");
            training.put("codes", fit.size());
            training.put("validation_codes", validation.size());
            training.put("epochs", result.epochs());
            training.put("best_epoch", result.bestEpoch());
            training.put("steps", result.steps());
            training.put("seed", settings.seed());
            training.put("command", command);
            training.put("machine", Runtime.getRuntime().availableProcessors() + " CPU cores, " + System.getProperty("os.arch"));
            List<Double> freq = Arrays.stream(frequencies).boxed().toList();
            PriorManifest draft = new PriorManifest(model.name() + "-prior", "1.0.0", model.name() + ":" + model.version(),
                    PriorManifest.fingerprint(model), model.bits(), settings.hidden(), settings.hiddenLayers(), conditional,
                    classNames, freq, training, new LinkedHashMap<>(), List.of(PriorManifest.SAMPLE, PriorManifest.LOG_PROB), Map.of());
            export(out, config, result.weights(), draft);

            Map<String, Object> metrics = new LinkedHashMap<>();
            try (CodePrior prior = CodePriors.load(modelDir)) {
                metrics.put("uniform_bits", model.bits());
                metrics.put("independent_bits_test", independentBitsNll(fit, test));
                metrics.put("nll_bits_validation", result.validationNllBits());
                metrics.put("nll_bits_test", mean(prior.nllBits(test.bits(), anyClass(test.size()))));
                if (conditional) {
                    metrics.put("nll_bits_test_given_class", mean(prior.nllBits(test.bits(), test.classes())));
                }
                metrics.putAll(sampleStatistics(prior, dmz, train, test, classNames.size()));
                writeGrid(prior, dmz, out.resolve("samples.png"), classNames.size());
            }
            training.put("wall_seconds", Math.round((System.nanoTime() - start) / 1e9));
            PriorManifest scored = new PriorManifest(draft.name(), draft.version(), draft.model(), draft.modelFingerprint(),
                    draft.bits(), draft.hidden(), draft.hiddenLayers(), draft.conditional(), draft.classes(),
                    draft.classFrequencies(), training, metrics, draft.signatures(), Map.of());
            PriorCard.write(out, scored);
            PriorManifest manifest = write(out, scored);
            LOG.info("prior {} for {}: test NLL {} bits per code (uniform {} bits)", manifest.name(), manifest.model(),
                    String.format("%.2f", (Double) metrics.get("nll_bits_test")), model.bits());
            return manifest;
        }
    }

    /** Exports fitted weights as the prior's SavedModel into {@code out} and writes its manifest. */
    static PriorManifest export(Path out, MadeConfig config, Map<String, float[]> weights, PriorManifest draft) throws IOException {
        try (PriorGraph graph = new PriorGraph(config, weights)) {
            graph.export(out);
        }
        return write(out, draft);
    }

    /** Hashes the folder's files and writes the manifest. */
    private static PriorManifest write(Path out, PriorManifest m) throws IOException {
        PriorManifest hashed = m.withFiles(new ModelFolder(out).hashFiles());
        ModelFolder.JSON.writeValue(out.resolve(Manifest.FILE).toFile(), hashed);
        return hashed;
    }

    private LabelledCodes encode(DmzModel model, Dataset.Split split, boolean conditional) {
        Dataset data = Datasets.load(model.info().dataset(), split);
        if (settings.limit() > 0) {
            data = data.head(settings.limit());
        }
        EncodePipeline pipeline = new EncodePipeline(model, 500);
        int chunk = 2000;
        float[][] bits = new float[data.size()][];
        int[] classes = new int[data.size()];
        ProgressBar bar = new ProgressBar("encode " + split.name().toLowerCase() + " codes", data.size(), 0);
        for (int s = 0; s < data.size(); s += chunk) {
            int e = Math.min(data.size(), s + chunk);
            float[][] images = new float[e - s][];
            for (int i = s; i < e; i++) {
                images[i - s] = data.image(i);
                classes[i] = conditional ? data.label(i) : 0;
            }
            System.arraycopy(pipeline.encode(images).bits(), 0, bits, s, e - s);
            bar.update(e, "");
        }
        bar.finish(data.size() + " codes of " + model.info().bits() + " bits");
        return new LabelledCodes(bits, classes);
    }

    /** Cross-entropy of test codes under independent bits with the training bit means: what the correlations add. */
    static double independentBitsNll(LabelledCodes train, LabelledCodes test) {
        int d = train.bitsPerCode();
        double[] p = new double[d];
        for (float[] row : train.bits()) {
            for (int k = 0; k < d; k++) {
                p[k] += row[k];
            }
        }
        for (int k = 0; k < d; k++) {
            p[k] = Math.min(1 - 1e-6, Math.max(1e-6, p[k] / train.size()));
        }
        double total = 0;
        for (float[] row : test.bits()) {
            for (int k = 0; k < d; k++) {
                total -= Math.log(BitThreshold.isSet(row[k]) ? p[k] : 1 - p[k]) / Math.log(2);
            }
        }
        return total / test.size();
    }

    /**
     * How sampled codes relate to real ones: the share that copies a training code exactly (a prior
     * that memorised would score 1; compare with the share of test codes found among the training
     * codes), the share of distinct codes, and for a conditional prior how
     * often the model's label head reads the asked-for class back from the sampled code.
     */
    private Map<String, Object> sampleStatistics(CodePrior prior, DmzModel model, LabelledCodes train, LabelledCodes test,
                                                 int classes) {
        int n = 2000;
        int[] asked = new int[n];
        long[] seeds = new long[n];
        for (int i = 0; i < n; i++) {
            asked[i] = prior.conditional() ? i % classes : CodePrior.ANY_CLASS;
            seeds[i] = settings.seed() * 1_000_003L + i;
        }
        float[][] sampled = prior.sample(asked, seeds);
        Set<String> known = new HashSet<>();
        for (float[] row : train.bits()) {
            known.add(key(row));
        }
        Set<String> distinct = new HashSet<>();
        int copies = 0;
        for (float[] row : sampled) {
            copies += known.contains(key(row)) ? 1 : 0;
            distinct.add(key(row));
        }
        int testCopies = 0;
        for (float[] row : test.bits()) {
            testCopies += known.contains(key(row)) ? 1 : 0;
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("samples_scored", n);
        out.put("sample_training_copy_share", (double) copies / n);
        // for scale: how often a real unseen image's code is also some training image's code
        out.put("test_code_in_training_share", (double) testCopies / test.size());
        out.put("sample_distinct_share", (double) distinct.size() / n);
        if (prior.conditional() && !model.info().labels().isEmpty()) {
            float[][] scores = new EncodePipeline(model, 500).classify(sampled);
            int agree = 0;
            for (int i = 0; i < n; i++) {
                agree += EncodePipeline.argmax(scores[i]) == asked[i] ? 1 : 0;
            }
            out.put("conditional_code_head_accuracy", (double) agree / n);
        }
        return out;
    }

    /** One row per class (a conditional prior) or four rows of unconditional samples, decoded at K = 10. */
    private void writeGrid(CodePrior prior, DmzModel model, Path file, int classes) throws IOException {
        int rows = prior.conditional() ? classes : 4;
        int n = rows * GRID_COLUMNS;
        int[] asked = new int[n];
        long[] seeds = new long[n];
        for (int i = 0; i < n; i++) {
            asked[i] = prior.conditional() ? i / GRID_COLUMNS : CodePrior.ANY_CLASS;
            seeds[i] = 7_000 + i;
        }
        float[][] images = new DecodePipeline(model, model.sampler(SamplerKind.DDPM)).decode(prior.sample(asked, seeds), GRID_STEPS, seeds);
        Files.createDirectories(file.getParent());
        grid(model.info(), images, rows).write(file);
    }

    /** Rows of GRID_COLUMNS images at the model's shape (colour models in colour). */
    static ImageGrid grid(io.dmzstream.model.serving.ModelInfo info, float[][] images, int rows) {
        ImageGrid grid = new ImageGrid(info.height(), info.width(), info.channels(), 2);
        for (int r = 0; r < rows; r++) {
            grid.addRow(Arrays.copyOfRange(images, r * GRID_COLUMNS, (r + 1) * GRID_COLUMNS));
        }
        return grid;
    }

    private static int[] anyClass(int n) {
        int[] out = new int[n];
        Arrays.fill(out, CodePrior.ANY_CLASS);
        return out;
    }

    private static double mean(double[] v) {
        double s = 0;
        for (double x : v) {
            s += x;
        }
        return s / v.length;
    }

    private static String key(float[] bits) {
        StringBuilder b = new StringBuilder(bits.length);
        for (float v : bits) {
            b.append(BitThreshold.isSet(v) ? '1' : '0');
        }
        return b.toString();
    }
}
