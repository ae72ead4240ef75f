package io.dmzstream.model.evaluation;

import io.dmzstream.chart.Line;
import io.dmzstream.chart.LineChart;
import io.dmzstream.model.bridge.BridgePairs;
import io.dmzstream.model.bridge.BridgeTrainer;
import io.dmzstream.model.data.Dataset;
import io.dmzstream.model.data.Datasets;
import io.dmzstream.model.export.BridgeManifest;
import io.dmzstream.model.export.CodeStatistics;
import io.dmzstream.model.export.ModelFolder;
import io.dmzstream.model.image.ImageGrid;
import io.dmzstream.model.network.BitThreshold;
import io.dmzstream.model.pipeline.DecodePipeline;
import io.dmzstream.model.pipeline.EncodePipeline;
import io.dmzstream.model.pipeline.GeneratePipeline;
import io.dmzstream.model.pipeline.LatentPath;
import io.dmzstream.model.pipeline.TransferPipeline;
import io.dmzstream.model.sampler.ReconstructionMode;
import io.dmzstream.model.sampler.SamplerKind;
import io.dmzstream.model.serving.CodeBridge;
import io.dmzstream.model.serving.CodeBridges;
import io.dmzstream.model.serving.CodePrior;
import io.dmzstream.model.serving.CodePriors;
import io.dmzstream.model.serving.DmzModel;
import io.dmzstream.model.serving.DmzModels;
import io.dmzstream.model.train.LabelHeadTrainer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.SplittableRandom;
import java.util.TreeMap;

/**
 * Measures one dataset's DMZ model (with its baseline and its code prior, when the zoo has them):
 * representation quality, code statistics, semantic and exact reconstruction, sample FID across
 * decode step counts for every source of codes, the prior's NLL, class-conditional accuracy and an
 * interpolation grid. Holds the reference classifiers it loads (one per dataset, cached on disk by
 * {@link ReferenceClassifiers}), hence {@code AutoCloseable}.
 *
 * <p>Every FID is measured once per seed: seed j decodes test slice j (images j*n .. j*n+n-1, so
 * the slices are disjoint while the test split holds them), fresh uniform and prior codes drawn
 * from seed j, and decode noise 100000 + 1000000*j + i. Seed 0's decodes of the test codes are
 * also the semantic reconstructions.
 */
public final class Evaluator implements AutoCloseable {
    /**
     * Knobs of an evaluation run; {@link #full()} is the published report, {@link #tiny()} the CI smoke run.
     *
     * @param baselineSteps K values at which only the baseline is decoded as well: the targets compare DMZ
     *                      at K = 10 with the baseline at K = 100, and on a 2-core CPU decoding every variant
     *                      at K = 100 costs ten times the rest of the run
     */
    public record Settings(List<Integer> steps, int samples, int seeds, int referenceSteps, int probeImages, int batch,
                           long seed, List<Integer> gridSteps, List<Integer> baselineSteps) {
        public Settings {
            List<Integer> all = List.copyOf(steps);
            steps = all;
            gridSteps = List.copyOf(gridSteps);
            baselineSteps = baselineSteps.stream().filter(k -> !all.contains(k)).sorted().distinct().toList();
            if (samples < 2 || seeds < 1 || steps.isEmpty()) {
                throw new IllegalArgumentException("need at least 2 samples, 1 seed and 1 K; got " + samples + ", " + seeds
                        + ", " + steps);
            }
        }

        /** 2,000 samples: at 500 a FID moved by up to 17% between two runs of the same models. */
        public static Settings full() {
            return new Settings(List.of(1, 2, 5, 10, 20, 50, 100), 2000, 3, 1500, 60000, 250, 7, List.of(1, 5, 20), List.of());
        }

        public static Settings tiny() {
            return new Settings(List.of(1, 2), 24, 2, 30, 600, 24, 7, List.of(1, 2), List.of());
        }

        public Settings withSteps(List<Integer> v) {
            return new Settings(v, samples, seeds, referenceSteps, probeImages, batch, seed, gridSteps, baselineSteps);
        }

        public Settings withSamples(int v) {
            return new Settings(steps, v, seeds, referenceSteps, probeImages, batch, seed, gridSteps, baselineSteps);
        }

        public Settings withSeeds(int v) {
            return new Settings(steps, samples, v, referenceSteps, probeImages, batch, seed, gridSteps, baselineSteps);
        }

        public Settings withBaselineSteps(List<Integer> v) {
            return new Settings(steps, samples, seeds, referenceSteps, probeImages, batch, seed, gridSteps, v);
        }

        /** Every K decoded for some variant, in order. */
        List<Integer> allSteps() {
            java.util.TreeSet<Integer> all = new java.util.TreeSet<>(steps);
            all.addAll(baselineSteps);
            return List.copyOf(all);
        }

        /** The K the targets are stated at (10), or the largest K of a reduced run. */
        public int headlineK() {
            return steps.contains(10) ? 10 : steps.get(steps.size() - 1);
        }

        /** The grid's K values that this run decodes; when none is, the run's own K values (at most 3). */
        public List<Integer> shownSteps() {
            List<Integer> shown = gridSteps.stream().filter(steps::contains).toList();
            return shown.isEmpty() ? steps.subList(0, Math.min(3, steps.size())) : shown;
        }
    }

    /** Images interpolated per grid row (both ends included), and rows. */
    static final int PATH_POINTS = 10;
    static final int PATH_ROWS = 6;

    private final Path zoo;
    private final Path docs;
    private final Settings settings;
    private final Path referenceCache;
    private final boolean retrainReference;
    private final Map<String, ReferenceClassifiers.Loaded> judges = new HashMap<>();

    /**
     * @param referenceCache   folder of the cached reference classifiers (one subfolder per dataset)
     * @param retrainReference retrain each dataset's reference classifier once in this run, replacing the cached one
     */
    public Evaluator(Path zoo, Path docs, Settings settings, Path referenceCache, boolean retrainReference) {
        this.zoo = zoo;
        this.docs = docs;
        this.settings = settings;
        this.referenceCache = referenceCache;
        this.retrainReference = retrainReference;
    }

    /** The reference classifier of a dataset: from the cache when its inputs match, else trained (once per run). */
    private ReferenceClassifiers.Loaded judge(Dataset train) throws IOException {
        ReferenceClassifiers.Loaded loaded = judges.get(train.name());
        if (loaded == null) {
            loaded = ReferenceClassifiers.load(referenceCache, train, settings.referenceSteps(), settings.seed(), retrainReference);
            judges.put(train.name(), loaded);
        }
        return loaded;
    }

    @Override
    public void close() {
        judges.values().forEach(j -> j.classifier().close());
        judges.clear();
    }

    public DatasetEvaluation evaluate(String dataset) throws IOException {
        long start = System.nanoTime();
        Dataset train = Datasets.load(dataset, Dataset.Split.TRAIN);
        Dataset test = Datasets.load(dataset, Dataset.Split.TEST);
        int n = settings.samples();
        int seeds = settings.seeds();
        Dataset probeTrain = train.head(settings.probeImages());
        // the test pool: the probe's test images, and enough for every seed's slice where the split has them
        Dataset pool = test.head(Math.max(n * seeds, Math.min(10000, settings.probeImages())));
        ReferenceClassifiers.Loaded loaded = judge(train);
        ReferenceClassifier judge = loaded.classifier();
        Path modelDir = zoo.resolve("dmz-" + dataset);
        try (DmzModel model = DmzModels.load(modelDir);
             DmzModel baseline = optional(zoo.resolve("baseline-" + dataset));
             CodePrior prior = CodePriors.exists(modelDir) ? CodePriors.load(modelDir) : null) {
            double judgeAccuracy = judge.accuracy(test);
            FrechetDistance.Gaussian reference = FrechetDistance.Gaussian.fit(judge.features(images(test, test.size())));

            Phase encoding = new Phase("encode " + dataset, probeTrain.size() + pool.size());
            float[][] trainProbs = encode(model, probeTrain, encoding);
            float[][] poolProbs = encode(model, pool, encoding);
            encoding.finish("");
            System.err.println("eval " + dataset + ": linear probe on " + probeTrain.size() + " training codes");
            int[] poolLabels = labels(pool);
            var probe = new LabelHeadTrainer(0, train.classNames().size(), 60, 0.01f, settings.seed())
                    .fit(trainProbs, labels(probeTrain), poolProbs, poolLabels);
            double headAccuracy = accuracy(new EncodePipeline(model, 500).classify(poolProbs), poolLabels);
            CodeStatistics stats = CodeStatistics.of(poolProbs);
            int d = model.info().bits();
            float[][] poolBits = BitThreshold.bits(poolProbs);
            float[][] poolImages = images(pool, pool.size());
            PriorNll priorNll = prior == null ? null : priorNll(prior, poolBits, poolLabels, BitThreshold.bits(trainProbs));

            DecodePipeline decoder = decoder(model);
            GeneratePipeline generator = prior == null ? null : new GeneratePipeline(prior, decoder);
            boolean conditional = prior != null && prior.conditional();
            int variants = 2 + (prior != null ? 1 : 0) + (baseline != null ? 1 : 0);
            long work = settings.steps().stream().mapToLong(k -> (long) k * n * (variants * seeds + 2)).sum()
                    + (baseline == null ? 0 : settings.baselineSteps().stream().mapToLong(k -> (long) k * n * seeds).sum());
            Phase phase = new Phase("eval " + dataset, work);

            Map<String, SortedMap<Integer, double[]>> fidPerSeed = new LinkedHashMap<>();
            DatasetEvaluation.VARIANTS.forEach(v -> fidPerSeed.put(v, new TreeMap<>()));
            SortedMap<Integer, double[]> conditionalPerSeed = new TreeMap<>();
            SortedMap<Integer, Double> semanticConsistency = new TreeMap<>();
            SortedMap<Integer, Double> semanticMse = new TreeMap<>();
            SortedMap<Integer, Double> exactConsistency = new TreeMap<>();
            SortedMap<Integer, Double> exactMse = new TreeMap<>();
            Map<String, Map<Integer, float[][]>> gridRows = new LinkedHashMap<>();
            for (int k : settings.allSteps()) {
                boolean allVariants = settings.steps().contains(k);
                if (!allVariants && baseline == null) {
                    continue;
                }
                for (int j = 0; j < seeds; j++) {
                    long[] noise = noiseSeeds(100_000L, n, j);
                    if (!allVariants) {
                        String at = "K=" + k + " seed " + (j + 1) + "/" + seeds;
                        float[][] base = decode(decoder(baseline), new float[n][baseline.info().bits()], k, noise, phase,
                                at + " baseline");
                        perSeed(fidPerSeed.get("baseline"), k, seeds)[j] = fid(judge, base, reference);
                        continue;
                    }
                    int[] slice = slice(pool.size(), n, j);
                    float[][] inputs = pick(poolImages, slice);
                    int[] truth = pick(poolLabels, slice);
                    boolean shown = j == 0 && settings.shownSteps().contains(k);
                    String at = "K=" + k + " seed " + (j + 1) + "/" + seeds;

                    float[][] recon = decode(decoder, pick(poolBits, slice), k, noise, phase, at + " test codes");
                    perSeed(fidPerSeed.get("dmz_codes"), k, seeds)[j] = fid(judge, recon, reference);
                    if (j == 0) {
                        semanticConsistency.put(k, agreement(judge.predict(recon), truth));
                        semanticMse.put(k, pixelMse(inputs, recon));
                    }
                    float[][] uniform = decode(decoder, uniformCodes(n, d, settings.seed() + j), k, noise, phase, at + " uniform codes");
                    perSeed(fidPerSeed.get("dmz_uniform"), k, seeds)[j] = fid(judge, uniform, reference);
                    float[][] sampled = null;
                    if (generator != null) {
                        // a conditional prior asks for the classes of the matching test images: the same class mix as the test codes
                        int[] classes = conditional ? truth : filled(n, CodePrior.ANY_CLASS);
                        sampled = generate(generator, classes, noise, k, phase, at + " prior codes");
                        perSeed(fidPerSeed.get("dmz_prior"), k, seeds)[j] = fid(judge, sampled, reference);
                        if (conditional) {
                            perSeed(conditionalPerSeed, k, seeds)[j] = agreement(judge.predict(sampled), classes);
                        }
                    }
                    float[][] base = null;
                    if (baseline != null) {
                        base = decode(decoder(baseline), new float[n][baseline.info().bits()], k, noise, phase, at + " baseline");
                        perSeed(fidPerSeed.get("baseline"), k, seeds)[j] = fid(judge, base, reference);
                    }
                    if (shown) {
                        keep(gridRows, "reconstruction", k, recon);
                        if (sampled != null) {
                            keep(gridRows, "prior code", k, sampled);
                        }
                        keep(gridRows, "uniform code", k, uniform);
                        if (base != null) {
                            keep(gridRows, "baseline", k, base);
                        }
                    }
                }
                if (!allVariants) {
                    continue;
                }
                int[] slice0 = slice(pool.size(), n, 0);
                float[][] inputs = pick(poolImages, slice0);
                float[][] exactRecon = reconstruct(decoder, inputs, pick(poolBits, slice0), k, phase, "K=" + k + " exact reconstruction");
                exactConsistency.put(k, agreement(judge.predict(exactRecon), pick(poolLabels, slice0)));
                exactMse.put(k, pixelMse(inputs, exactRecon));
            }
            phase.finish("");
            Map<String, SortedMap<Integer, Spread>> fid = new LinkedHashMap<>();
            fidPerSeed.forEach((v, perK) -> fid.put(v, spreads(perK)));

            String grid = "eval/" + dataset + "-samples.png";
            writeGrid(docs.resolve(grid), test, pick(poolImages, slice(pool.size(), n, 0)), gridRows);
            String interpolation = "eval/" + dataset + "-interpolation.png";
            writeInterpolation(docs.resolve(interpolation), test, decoder, poolImages, poolBits, poolLabels);
            String plot = "eval/" + dataset + "-fid.png";
            plot(dataset, fid, docs.resolve(plot));
            return new DatasetEvaluation(dataset, model.info().id(), d, stepsTrained(modelDir),
                    baseline != null ? baseline.info().id() : null, prior != null ? prior.name() : null,
                    judgeAccuracy, loaded.reused(), loaded.manifest().inputsSha256(), probe.testAccuracy(), headAccuracy,
                    stats.bitMeans(), stats.constantBits(), stats.distinctCodes(), stats.meanBitEntropy(),
                    new Reconstruction(semanticConsistency, semanticMse), new Reconstruction(exactConsistency, exactMse), fid,
                    priorNll, spreads(conditionalPerSeed), n, seeds, grid, plot, interpolation, (System.nanoTime() - start) / 1e9);
        }
    }

    /** Probe accuracy and FID at the headline K (uniform and test codes, over the seeds) for one model of the code-size sweep. */
    public Map<String, Object> sweepPoint(String dataset, Path modelDir) throws IOException {
        Dataset train = Datasets.load(dataset, Dataset.Split.TRAIN);
        Dataset test = Datasets.load(dataset, Dataset.Split.TEST);
        int k = settings.headlineK();
        int n = settings.samples();
        int seeds = settings.seeds();
        ReferenceClassifier judge = judge(train).classifier();
        try (DmzModel model = DmzModels.load(modelDir)) {
            FrechetDistance.Gaussian reference = FrechetDistance.Gaussian.fit(judge.features(images(test, test.size())));
            Dataset probeTrain = train.head(settings.probeImages());
            Dataset pool = test.head(Math.max(n * seeds, Math.min(10000, settings.probeImages())));
            Phase encoding = new Phase("encode " + model.info().name(), probeTrain.size() + pool.size());
            float[][] trainProbs = encode(model, probeTrain, encoding);
            float[][] poolProbs = encode(model, pool, encoding);
            encoding.finish("");
            var probe = new LabelHeadTrainer(0, train.classNames().size(), 60, 0.01f, settings.seed())
                    .fit(trainProbs, labels(probeTrain), poolProbs, labels(pool));
            float[][] poolBits = BitThreshold.bits(poolProbs);
            int d = model.info().bits();
            DecodePipeline decoder = decoder(model);
            Phase phase = new Phase("sweep " + model.info().name(), 2L * k * n * seeds);
            Spread uniform = Spread.over(seeds, j -> fid(judge, decode(decoder, uniformCodes(n, d, settings.seed() + j), k,
                    noiseSeeds(100_000L, n, j), phase, "uniform codes seed " + (j + 1)), reference));
            Spread codes = Spread.over(seeds, j -> fid(judge, decode(decoder, pick(poolBits, slice(pool.size(), n, j)), k,
                    noiseSeeds(100_000L, n, j), phase, "test codes seed " + (j + 1)), reference));
            phase.finish("");
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("model", model.info().id());
            out.put("steps_trained", stepsTrained(modelDir));
            out.put("probe_accuracy", probe.testAccuracy());
            out.put("k", k);
            out.put("fid_k" + k, uniform.mean());
            out.put("fid_codes_k" + k, codes.mean());
            out.put("fid_k" + k + "_spread", uniform);
            out.put("fid_codes_k" + k + "_spread", codes);
            out.put("distinct_codes", CodeStatistics.of(poolProbs).distinctCodes());
            return out;
        }
    }

    /** Transfers source-domain test images through the bridge and judges them in the target domain. */
    public TransferEvaluation transfer(Path sourceDir, Path bridgeDir, Path targetDir) throws IOException {
        try (DmzModel source = DmzModels.load(sourceDir);
             DmzModel target = DmzModels.load(targetDir);
             CodeBridge bridge = CodeBridges.load(bridgeDir)) {
            String pair = source.info().dataset() + "->" + target.info().dataset();
            Dataset targetTrain = Datasets.load(target.info().dataset(), Dataset.Split.TRAIN);
            Dataset targetTest = Datasets.load(target.info().dataset(), Dataset.Split.TEST);
            // the bridge's own pairing (by relative path for image folders): item i of both test splits is one item
            BridgePairs pairs = BridgePairs.of(ModelFolder.JSON.readValue(bridgeDir.resolve("manifest.json").toFile(),
                    BridgeManifest.class), source.info(), target.info());
            Dataset sourceTest = pairs.sourceTest();
            Dataset pairedTarget = pairs.targetTest();
            ReferenceClassifier judge = judge(targetTrain).classifier();
            FrechetDistance.Gaussian reference = FrechetDistance.Gaussian.fit(judge.features(images(targetTest, targetTest.size())));
            var pipeline = new TransferPipeline(source, bridge, target, SamplerKind.DDPM);
            int n = settings.samples();
            int seeds = settings.seeds();
            Dataset pool = sourceTest.head(n * seeds);
            float[][] poolImages = images(pool, pool.size());
            int[] poolLabels = labels(pool);
            float[][] poolCodes = new float[pool.size()][];
            for (int s = 0; s < pool.size(); s += settings.batch()) {
                int e = Math.min(pool.size(), s + settings.batch());
                System.arraycopy(pipeline.targetCodes(Arrays.copyOfRange(poolImages, s, e)), 0, poolCodes, s, e - s);
            }
            Phase encoding = new Phase("encode " + pair, pairedTarget.size() + sourceTest.size());
            float[][] targetBits = BitThreshold.bits(encode(target, pairedTarget, encoding));
            float[][] predicted = bridge.translate(encode(source, sourceTest, encoding));
            encoding.finish("");
            double bitAccuracy = BridgeTrainer.bitAccuracy(predicted, targetBits);
            DecodePipeline decoder = decoder(target);
            Phase phase = new Phase("transfer " + pair, settings.steps().stream().mapToLong(k -> (long) k * n * seeds).sum());
            SortedMap<Integer, double[]> labelPerSeed = new TreeMap<>();
            SortedMap<Integer, double[]> fidPerSeed = new TreeMap<>();
            float[][] shown = null;
            int shownK = settings.headlineK();
            for (int k : settings.steps()) {
                for (int j = 0; j < seeds; j++) {
                    int[] slice = slice(pool.size(), n, j);
                    float[][] out = decode(decoder, pick(poolCodes, slice), k, noiseSeeds(200_000L, n, j), phase,
                            "K=" + k + " seed " + (j + 1) + "/" + seeds);
                    perSeed(labelPerSeed, k, seeds)[j] = agreement(judge.predict(out), pick(poolLabels, slice));
                    perSeed(fidPerSeed, k, seeds)[j] = fid(judge, out, reference);
                    if (k == shownK && j == 0) {
                        shown = out;
                    }
                }
            }
            phase.finish("");
            SortedMap<Integer, Double> labelAccuracy = new TreeMap<>();
            spreads(labelPerSeed).forEach((k, s) -> labelAccuracy.put(k, s.mean()));
            String grid = "eval/transfer-" + source.info().dataset() + "-" + target.info().dataset() + ".png";
            int m = Math.min(12, n);
            Files.createDirectories(docs.resolve(grid).getParent());
            new ImageGrid(targetTest.height(), targetTest.width(), targetTest.channels(), 2)
                    .addRow(Arrays.copyOf(poolImages, m), sourceTest.height(), sourceTest.width(), sourceTest.channels())
                    .addRow(Arrays.copyOf(shown, m))
                    .addRow(images(pairedTarget, m))
                    .write(docs.resolve(grid));
            return new TransferEvaluation(pair, bridge.name(), bitAccuracy, labelAccuracy, spreads(fidPerSeed), n, seeds, grid);
        }
    }

    /** The prior's mean test NLL against the two simple references: d bits (uniform) and independent bits. */
    private static PriorNll priorNll(CodePrior prior, float[][] testBits, int[] testLabels, float[][] trainBits) {
        double marginal = mean(prior.nllBits(testBits, filled(testBits.length, CodePrior.ANY_CLASS)));
        double givenClass = prior.conditional() ? mean(prior.nllBits(testBits, testLabels)) : Double.NaN;
        return new PriorNll(prior.name(), prior.bits(), marginal, givenClass, PriorNll.independentBits(trainBits, testBits));
    }

    private void plot(String dataset, Map<String, SortedMap<Integer, Spread>> fid, Path file) throws IOException {
        Map<String, String> names = Map.of("dmz_codes", "DMZ, test-image codes", "dmz_prior", "DMZ, prior codes",
                "dmz_uniform", "DMZ, uniform random codes", "baseline", "baseline (constant token)");
        var chart = LineChart.builder(dataset + ": sample FID (reference-CNN features, mean of " + settings.seeds()
                        + " seeds) vs decode steps").xLabel("decode steps K (log scale)").yLabel("FID").logX();
        for (String v : DatasetEvaluation.VARIANTS) {
            SortedMap<Integer, Double> means = new TreeMap<>();
            fid.get(v).forEach((k, s) -> means.put(k, s.mean()));
            chart.line(Line.of(names.get(v), means));
        }
        Files.createDirectories(file.getParent());
        chart.build().write(file);
    }

    /**
     * Rows of test-image pairs of different classes: the first image, its code walked to the second's
     * ({@link LatentPath}) and decoded at the headline K with one noise seed per row, the second image.
     */
    private void writeInterpolation(Path file, Dataset test, DecodePipeline decoder, float[][] images, float[][] bits,
                                    int[] labels) throws IOException {
        int classes = Math.max(1, test.classNames().size());
        ImageGrid grid = new ImageGrid(test.height(), test.width(), test.channels(), 2);
        for (int r = 0; r < PATH_ROWS; r++) {
            int a = firstOf(labels, r % classes, 2 * r);
            int b = firstOf(labels, (r + classes / 2) % classes, 2 * r + 1);
            float[][] path = LatentPath.between(bits[a], bits[b], PATH_POINTS, settings.seed() + r);
            long[] noise = filled(PATH_POINTS, 300_000L + r);
            float[][] row = new float[PATH_POINTS + 2][];
            row[0] = images[a];
            System.arraycopy(decoder.decode(path, settings.headlineK(), noise), 0, row, 1, PATH_POINTS);
            row[PATH_POINTS + 1] = images[b];
            grid.addRow(row);
        }
        Files.createDirectories(file.getParent());
        grid.write(file);
    }

    /** The first index with this label, or {@code fallback} (unlabelled data: every label is 0). */
    private static int firstOf(int[] labels, int label, int fallback) {
        if (label == 0 && Arrays.stream(labels).allMatch(l -> l == 0)) {
            return Math.min(fallback, labels.length - 1);
        }
        for (int i = 0; i < labels.length; i++) {
            if (labels[i] == label) {
                return i;
            }
        }
        return Math.min(fallback, labels.length - 1);
    }

    private static void keep(Map<String, Map<Integer, float[][]>> rows, String kind, int k, float[][] images) {
        rows.computeIfAbsent(kind, x -> new TreeMap<>()).put(k, Arrays.copyOf(images, Math.min(12, images.length)));
    }

    private void writeGrid(Path file, Dataset test, float[][] inputs, Map<String, Map<Integer, float[][]>> rows) throws IOException {
        ImageGrid grid = new ImageGrid(test.height(), test.width(), test.channels(), 2);
        grid.addRow(Arrays.copyOf(inputs, Math.min(12, inputs.length)));
        for (var kind : rows.values()) {
            for (float[][] row : kind.values()) {
                grid.addRow(row);
            }
        }
        Files.createDirectories(file.getParent());
        grid.write(file);
    }

    private static DecodePipeline decoder(DmzModel model) {
        return new DecodePipeline(model, model.sampler(SamplerKind.DDPM));
    }

    private float[][] decode(DecodePipeline pipeline, float[][] codes, int k, long[] seeds, Phase phase, String what) {
        float[][] out = new float[codes.length][];
        for (int s = 0; s < codes.length; s += settings.batch()) {
            int e = Math.min(codes.length, s + settings.batch());
            System.arraycopy(pipeline.decode(Arrays.copyOfRange(codes, s, e), k, Arrays.copyOfRange(seeds, s, e)), 0, out, s, e - s);
            phase.advance((long) k * (e - s), what);
        }
        return out;
    }

    private float[][] generate(GeneratePipeline generator, int[] classes, long[] seeds, int k, Phase phase, String what) {
        float[][] out = new float[classes.length][];
        for (int s = 0; s < classes.length; s += settings.batch()) {
            int e = Math.min(classes.length, s + settings.batch());
            var samples = generator.generate(Arrays.copyOfRange(classes, s, e), Arrays.copyOfRange(seeds, s, e), k);
            System.arraycopy(samples.images(), 0, out, s, e - s);
            phase.advance((long) k * (e - s), what);
        }
        return out;
    }

    /** Exact reconstructions (DDIM inversion, then DDIM decode): 2K denoiser calls per image. */
    private float[][] reconstruct(DecodePipeline pipeline, float[][] images, float[][] codes, int k, Phase phase, String what) {
        float[][] out = new float[codes.length][];
        for (int s = 0; s < codes.length; s += settings.batch()) {
            int e = Math.min(codes.length, s + settings.batch());
            System.arraycopy(pipeline.reconstruct(Arrays.copyOfRange(images, s, e), Arrays.copyOfRange(codes, s, e), k,
                    new long[e - s], ReconstructionMode.EXACT), 0, out, s, e - s);
            phase.advance(2L * k * (e - s), what);
        }
        return out;
    }

    /** Every image of {@code data}, encoded in chunks so the phase can show progress. */
    private static float[][] encode(DmzModel model, Dataset data, Phase phase) {
        EncodePipeline pipeline = new EncodePipeline(model, 500);
        float[][] out = new float[data.size()][];
        int chunk = 5000;
        for (int s = 0; s < data.size(); s += chunk) {
            int e = Math.min(data.size(), s + chunk);
            float[][] x = new float[e - s][];
            for (int i = s; i < e; i++) {
                x[i - s] = data.image(i);
            }
            System.arraycopy(pipeline.encode(x).probabilities(), 0, out, s, e - s);
            phase.advance(e - s, data.name() + " " + data.split().name().toLowerCase(java.util.Locale.ROOT));
        }
        return out;
    }

    private static double fid(ReferenceClassifier judge, float[][] images, FrechetDistance.Gaussian reference) {
        return FrechetDistance.between(FrechetDistance.Gaussian.fit(judge.features(images)), reference);
    }

    /** The per-seed values at K, created on first use. */
    private static double[] perSeed(SortedMap<Integer, double[]> byK, int k, int seeds) {
        return byK.computeIfAbsent(k, x -> new double[seeds]);
    }

    static SortedMap<Integer, Spread> spreads(SortedMap<Integer, double[]> perSeed) {
        SortedMap<Integer, Spread> out = new TreeMap<>();
        perSeed.forEach((k, v) -> out.put(k, new Spread(v)));
        return out;
    }

    /** Indices of seed j's slice of n images in a pool of {@code size}: disjoint slices while the pool holds them. */
    static int[] slice(int size, int n, int j) {
        int[] idx = new int[n];
        for (int i = 0; i < n; i++) {
            idx[i] = (int) (((long) j * n + i) % size);
        }
        return idx;
    }

    /** Decode noise seeds of seed j: base + 1000000*j + i (seed 0 keeps the report's historical seeds base + i). */
    static long[] noiseSeeds(long base, int n, int j) {
        long[] out = new long[n];
        for (int i = 0; i < n; i++) {
            out[i] = base + 1_000_000L * j + i;
        }
        return out;
    }

    static float[][] uniformCodes(int n, int d, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        float[][] codes = new float[n][d];
        for (float[] code : codes) {
            for (int b = 0; b < d; b++) {
                code[b] = rng.nextBoolean() ? 1f : 0f;
            }
        }
        return codes;
    }

    private static float[][] pick(float[][] rows, int[] idx) {
        float[][] out = new float[idx.length][];
        for (int i = 0; i < idx.length; i++) {
            out[i] = rows[idx[i]];
        }
        return out;
    }

    private static int[] pick(int[] values, int[] idx) {
        int[] out = new int[idx.length];
        for (int i = 0; i < idx.length; i++) {
            out[i] = values[idx[i]];
        }
        return out;
    }

    private static int[] filled(int n, int value) {
        int[] out = new int[n];
        Arrays.fill(out, value);
        return out;
    }

    private static long[] filled(int n, long value) {
        long[] out = new long[n];
        Arrays.fill(out, value);
        return out;
    }

    private static double mean(double[] v) {
        return Arrays.stream(v).average().orElse(Double.NaN);
    }

    private static DmzModel optional(Path dir) throws IOException {
        return Files.isDirectory(dir) ? DmzModels.load(dir) : null;
    }

    private static int stepsTrained(Path dir) throws IOException {
        return new ModelFolder(dir).verify().stepsTrained();
    }

    static float[][] images(Dataset d, int n) {
        float[][] x = new float[Math.min(n, d.size())][];
        for (int i = 0; i < x.length; i++) {
            x[i] = d.image(i);
        }
        return x;
    }

    static int[] labels(Dataset d) {
        int[] out = new int[d.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = d.label(i);
        }
        return out;
    }

    static double accuracy(float[][] probs, int[] labels) {
        int correct = 0;
        for (int i = 0; i < probs.length; i++) {
            correct += EncodePipeline.argmax(probs[i]) == labels[i] ? 1 : 0;
        }
        return (double) correct / probs.length;
    }

    static double agreement(int[] a, int[] b) {
        int same = 0;
        for (int i = 0; i < a.length; i++) {
            same += a[i] == b[i] ? 1 : 0;
        }
        return (double) same / a.length;
    }

    /** MSE in [0, 1] pixel units (model units are [-1, 1], hence the factor 1/4). */
    static double pixelMse(float[][] a, float[][] b) {
        double sum = 0;
        long count = 0;
        for (int i = 0; i < a.length; i++) {
            for (int p = 0; p < a[i].length; p++) {
                double diff = (a[i][p] - b[i][p]) / 2.0;
                sum += diff * diff;
                count++;
            }
        }
        return sum / count;
    }
}
