package io.dmzstream.model.evaluation;

import io.dmzstream.chart.Line;
import io.dmzstream.chart.LineChart;
import io.dmzstream.model.data.Dataset;
import io.dmzstream.model.data.Datasets;
import io.dmzstream.model.export.CodeStatistics;
import io.dmzstream.model.image.ImageGrid;
import io.dmzstream.model.bridge.BridgeTrainer;
import io.dmzstream.model.pipeline.DecodePipeline;
import io.dmzstream.model.pipeline.EncodePipeline;
import io.dmzstream.model.pipeline.TransferPipeline;
import io.dmzstream.model.sampler.SamplerKind;
import io.dmzstream.model.export.ModelFolder;
import io.dmzstream.model.serving.CodeBridge;
import io.dmzstream.model.serving.CodeBridges;
import io.dmzstream.model.serving.DmzModel;
import io.dmzstream.model.serving.DmzModels;
import io.dmzstream.model.train.LabelHeadTrainer;
import io.dmzstream.model.train.ProgressBar;
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
 * Measures one dataset's DMZ model (and its baseline, when the zoo has one) the way DESIGN.md
 * section 6 asks: representation quality, code statistics, reconstruction consistency and sample
 * FID across decode step counts. Holds the reference classifiers it trains (one per dataset, reused
 * by every measurement on that dataset), hence {@code AutoCloseable}.
 */
public final class Evaluator implements AutoCloseable {
    /** Knobs of an evaluation run; {@link #full()} is the published report, {@link #tiny()} the CI smoke run. */
    public record Settings(List<Integer> steps, int samples, int referenceSteps, int probeImages, int batch, long seed,
                           List<Integer> gridSteps) {
        public static Settings full() {
            return new Settings(List.of(1, 2, 5, 10, 20, 50, 100), 500, 1500, 60000, 250, 7, List.of(1, 5, 20));
        }

        public static Settings tiny() {
            return new Settings(List.of(1, 2), 24, 30, 600, 24, 7, List.of(1, 2));
        }
    }

    private final Path zoo;
    private final Path docs;
    private final Settings settings;
    private final Map<String, ReferenceClassifier> judges = new HashMap<>();

    public Evaluator(Path zoo, Path docs, Settings settings) {
        this.zoo = zoo;
        this.docs = docs;
        this.settings = settings;
    }

    /** The reference classifier of a dataset, trained (deterministically) on first use. */
    private ReferenceClassifier judge(Dataset train) {
        return judges.computeIfAbsent(train.name(), n -> ReferenceClassifier.train(train, settings.referenceSteps(), settings.seed()));
    }

    @Override
    public void close() {
        judges.values().forEach(ReferenceClassifier::close);
        judges.clear();
    }

    public DatasetEvaluation evaluate(String dataset) throws IOException {
        long start = System.nanoTime();
        Dataset train = Datasets.load(dataset, Dataset.Split.TRAIN);
        Dataset test = Datasets.load(dataset, Dataset.Split.TEST);
        Dataset probeTrain = train.head(settings.probeImages());
        Dataset probeTest = test.head(Math.max(settings.samples(), Math.min(10000, settings.probeImages())));
        ReferenceClassifier judge = judge(train);
        try (DmzModel model = DmzModels.load(zoo.resolve("dmz-" + dataset));
             DmzModel baseline = optional(zoo.resolve("baseline-" + dataset))) {
            double judgeAccuracy = judge.accuracy(test);
            FrechetDistance.Gaussian reference = FrechetDistance.Gaussian.fit(judge.features(images(test, test.size())));

            float[][] trainProbs = encode(model, probeTrain);
            float[][] testProbs = encode(model, probeTest);
            var probe = new LabelHeadTrainer(0, train.classNames().size(), 60, 0.01f, settings.seed())
                    .fit(trainProbs, labels(probeTrain), testProbs, labels(probeTest));
            double headAccuracy = accuracy(new EncodePipeline(model, 500).classify(testProbs), labels(probeTest));
            CodeStatistics stats = CodeStatistics.of(testProbs);

            int n = settings.samples();
            int d = model.info().bits();
            float[][] inputs = images(test, n);
            int[] truth = labels(test.head(n));
            float[][] testBits = new float[n][];
            for (int i = 0; i < n; i++) {
                testBits[i] = threshold(testProbs[i]);
            }
            SplittableRandom rng = new SplittableRandom(settings.seed());
            float[][] uniform = new float[n][d];
            for (float[] code : uniform) {
                for (int k = 0; k < d; k++) {
                    code[k] = rng.nextBoolean() ? 1f : 0f;
                }
            }
            long[] seeds = new long[n];
            for (int i = 0; i < n; i++) {
                seeds[i] = 100_000L + i;
            }

            SortedMap<Integer, Double> consistency = new TreeMap<>();
            SortedMap<Integer, Double> mse = new TreeMap<>();
            Map<String, SortedMap<Integer, Double>> fid = new LinkedHashMap<>();
            DatasetEvaluation.VARIANTS.forEach(v -> fid.put(v, new TreeMap<>()));
            Map<String, Map<Integer, float[][]>> gridRows = new LinkedHashMap<>();
            long work = settings.steps().stream().mapToLong(k -> (long) k * (baseline != null ? 3 : 2)).sum();
            ProgressBar bar = new ProgressBar("eval " + dataset, work, 0);
            long done = 0;
            for (int k : settings.steps()) {
                float[][] recon = decode(model, testBits, k, seeds);
                consistency.put(k, agreement(judge.predict(recon), truth));
                mse.put(k, pixelMse(inputs, recon));
                fid.get("dmz_codes").put(k, FrechetDistance.between(FrechetDistance.Gaussian.fit(judge.features(recon)), reference));
                done += k;
                bar.update(done, "K=" + k);
                float[][] samples = decode(model, uniform, k, seeds);
                fid.get("dmz_uniform").put(k, FrechetDistance.between(FrechetDistance.Gaussian.fit(judge.features(samples)), reference));
                done += k;
                bar.update(done, "K=" + k);
                float[][] base = null;
                if (baseline != null) {
                    base = decode(baseline, new float[n][baseline.info().bits()], k, seeds);
                    fid.get("baseline").put(k, FrechetDistance.between(FrechetDistance.Gaussian.fit(judge.features(base)), reference));
                    done += k;
                    bar.update(done, "K=" + k);
                }
                if (settings.gridSteps().contains(k)) {
                    keep(gridRows, "reconstruction", k, recon);
                    keep(gridRows, "uniform code", k, samples);
                    if (base != null) {
                        keep(gridRows, "baseline", k, base);
                    }
                }
            }
            bar.finish("");
            String grid = "eval/" + dataset + "-samples.png";
            writeGrid(docs.resolve(grid), test, inputs, gridRows);
            String plot = "eval/" + dataset + "-fid.png";
            LineChart.builder(dataset + ": sample FID (reference-CNN features) vs decode steps")
                    .xLabel("decode steps K (log scale)").yLabel("FID").logX()
                    .line(Line.of("DMZ, test-image codes", fid.get("dmz_codes")))
                    .line(Line.of("DMZ, uniform random codes", fid.get("dmz_uniform")))
                    .line(Line.of("baseline (constant token)", fid.get("baseline")))
                    .build().write(docs.resolve(plot));
            return new DatasetEvaluation(dataset, model.info().id(), d, stepsTrained(zoo.resolve("dmz-" + dataset)),
                    baseline != null ? baseline.info().id() : null, judgeAccuracy, probe.testAccuracy(), headAccuracy,
                    stats.bitMeans(), stats.constantBits(), stats.distinctCodes(), stats.meanBitEntropy(), consistency, mse, fid,
                    n, grid, plot, (System.nanoTime() - start) / 1e9);
        }
    }

    /** Probe accuracy and uniform-code FID at K = 10 for one model of the code-size sweep. */
    public Map<String, Object> sweepPoint(String dataset, Path modelDir) throws IOException {
        Dataset train = Datasets.load(dataset, Dataset.Split.TRAIN);
        Dataset test = Datasets.load(dataset, Dataset.Split.TEST);
        int k = settings.steps().contains(10) ? 10 : settings.steps().get(settings.steps().size() - 1);
        ReferenceClassifier judge = judge(train);
        try (DmzModel model = DmzModels.load(modelDir)) {
            FrechetDistance.Gaussian reference = FrechetDistance.Gaussian.fit(judge.features(images(test, test.size())));
            Dataset probeTrain = train.head(settings.probeImages());
            Dataset probeTest = test.head(Math.min(10000, Math.max(settings.samples(), settings.probeImages())));
            float[][] testProbs = encode(model, probeTest);
            var probe = new LabelHeadTrainer(0, train.classNames().size(), 60, 0.01f, settings.seed())
                    .fit(encode(model, probeTrain), labels(probeTrain), testProbs, labels(probeTest));
            int n = settings.samples();
            int d = model.info().bits();
            SplittableRandom rng = new SplittableRandom(settings.seed());
            float[][] uniform = new float[n][d];
            float[][] codes = new float[n][];
            long[] seeds = new long[n];
            for (int i = 0; i < n; i++) {
                for (int b = 0; b < d; b++) {
                    uniform[i][b] = rng.nextBoolean() ? 1f : 0f;
                }
                codes[i] = threshold(testProbs[i]);
                seeds[i] = 100_000L + i;
            }
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("model", model.info().id());
            out.put("steps_trained", stepsTrained(modelDir));
            out.put("probe_accuracy", probe.testAccuracy());
            out.put("fid_k" + k, FrechetDistance.between(FrechetDistance.Gaussian.fit(judge.features(decode(model, uniform, k, seeds))), reference));
            out.put("fid_codes_k" + k, FrechetDistance.between(FrechetDistance.Gaussian.fit(judge.features(decode(model, codes, k, seeds))), reference));
            out.put("distinct_codes", CodeStatistics.of(testProbs).distinctCodes());
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
            Dataset sourceTest = Datasets.load(source.info().dataset(), Dataset.Split.TEST);
            ReferenceClassifier judge = judge(targetTrain);
            FrechetDistance.Gaussian reference = FrechetDistance.Gaussian.fit(judge.features(images(targetTest, targetTest.size())));
            var pipeline = new TransferPipeline(source, bridge, target, SamplerKind.DDPM);
            int n = settings.samples();
            float[][] inputs = images(sourceTest, n);
            int[] truth = labels(sourceTest.head(n));
            float[][] codes = new float[n][];
            for (int s = 0; s < n; s += settings.batch()) {
                int e = Math.min(n, s + settings.batch());
                System.arraycopy(pipeline.targetCodes(Arrays.copyOfRange(inputs, s, e)), 0, codes, s, e - s);
            }
            float[][] allTargetProbs = encode(target, targetTest);
            float[][] allSourceProbs = encode(source, sourceTest);
            float[][] predicted = bridge.translate(allSourceProbs);
            float[][] targetBits = new float[allTargetProbs.length][];
            for (int i = 0; i < targetBits.length; i++) {
                targetBits[i] = threshold(allTargetProbs[i]);
            }
            double bitAccuracy = BridgeTrainer.bitAccuracy(predicted, targetBits);
            long[] seeds = new long[n];
            for (int i = 0; i < n; i++) {
                seeds[i] = 200_000L + i;
            }
            SortedMap<Integer, Double> labelAccuracy = new TreeMap<>();
            SortedMap<Integer, Double> fid = new TreeMap<>();
            float[][] shown = null;
            int shownK = settings.steps().contains(10) ? 10 : settings.steps().get(settings.steps().size() - 1);
            for (int k : settings.steps()) {
                float[][] out = decode(target, codes, k, seeds);
                labelAccuracy.put(k, agreement(judge.predict(out), truth));
                fid.put(k, FrechetDistance.between(FrechetDistance.Gaussian.fit(judge.features(out)), reference));
                if (k == shownK) {
                    shown = out;
                }
            }
            String grid = "eval/transfer-" + source.info().dataset() + "-" + target.info().dataset() + ".png";
            int m = Math.min(12, n);
            new ImageGrid(targetTest.height(), targetTest.width(), targetTest.channels(), 2)
                    .addRow(Arrays.copyOf(inputs, m), sourceTest.height(), sourceTest.width(), sourceTest.channels())
                    .addRow(Arrays.copyOf(shown, m))
                    .addRow(images(targetTest, m))
                    .write(docs.resolve(grid));
            return new TransferEvaluation(pair, bridge.name(), bitAccuracy, labelAccuracy, fid, n, grid);
        }
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

    private float[][] decode(DmzModel model, float[][] codes, int k, long[] seeds) {
        DecodePipeline pipeline = new DecodePipeline(model, model.sampler(SamplerKind.DDPM));
        List<float[]> out = new ArrayList<>();
        for (int s = 0; s < codes.length; s += settings.batch()) {
            int e = Math.min(codes.length, s + settings.batch());
            out.addAll(List.of(pipeline.decode(Arrays.copyOfRange(codes, s, e), k,
                    Arrays.copyOfRange(seeds, s, e))));
        }
        return out.toArray(new float[0][]);
    }

    private float[][] encode(DmzModel model, Dataset data) {
        return new EncodePipeline(model, 500).encode(data).probabilities();
    }

    private static DmzModel optional(Path dir) throws IOException {
        return Files.isDirectory(dir) ? DmzModels.load(dir) : null;
    }

    private static int stepsTrained(Path dir) throws IOException {
        return new ModelFolder(dir).verify().stepsTrained();
    }

    static float[] threshold(float[] p) {
        float[] b = new float[p.length];
        for (int i = 0; i < p.length; i++) {
            b[i] = p[i] > 0.5f ? 1f : 0f;
        }
        return b;
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
