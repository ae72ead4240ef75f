package io.dmzstream.model.cli;

import io.dmzstream.model.evaluation.DatasetEvaluation;
import io.dmzstream.model.evaluation.EvaluationReport;
import io.dmzstream.model.evaluation.Evaluator;
import io.dmzstream.model.evaluation.ModelProvenance;
import io.dmzstream.model.evaluation.ReferenceClassifiers;
import io.dmzstream.model.evaluation.TransferEvaluation;
import io.dmzstream.model.export.ModelFolder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "eval", mixinStandardHelpOptions = true,
        description = "Evaluate the zoo models and write docs/evaluation.md and docs/evaluation.json. The full report ("
                + EvaluationReport.FULL_COMMAND + ") takes " + EvaluationReport.FULL_DURATION + "; a reduced run: "
                + EvaluationReport.SMOKE_COMMAND + ".")
public final class EvalCommand implements Callable<Integer> {
    private static final List<String> ALL_DATASETS = List.of("mnist", "fashion", "mnistm");

    @Option(names = "--zoo", defaultValue = "model/zoo", description = "zoo folder (default ${DEFAULT-VALUE})")
    Path zoo;
    @Option(names = {"--docs", "--out"}, defaultValue = "docs", description = "report folder (default ${DEFAULT-VALUE})")
    Path docs;
    @Option(names = "--datasets", split = ",", defaultValue = "mnist,fashion,mnistm",
            description = "datasets whose dmz-NAME models to evaluate (default ${DEFAULT-VALUE}; missing models are skipped). "
                    + "The code-size sweep runs when its dataset is among them, a transfer when its target domain is.")
    List<String> datasets;
    @Option(names = "--ks", split = ",", description = "decode step counts K (default 1,2,5,10,20,50,100; 1,2 with --tiny)")
    List<Integer> ks;
    @Option(names = "--baseline-ks", split = ",", description = "K values at which only the baseline is decoded as well, "
            + "e.g. 100 with --ks 5,10: the targets' baseline point without decoding every variant at K = 100")
    List<Integer> baselineKs;
    @Option(names = "--samples", description = "images per (variant, K, seed); default 2000 (24 with --tiny)")
    Integer samples;
    @Option(names = "--seeds", description = "seeds per FID, reported as mean and min-max; default 3 (2 with --tiny)")
    Integer seeds;
    @Option(names = "--sweep-dataset", defaultValue = "mnist", description = "dataset of the code-size sweep (models sweep-DATASET-BITS)")
    String sweepDataset;
    @Option(names = "--bridges", split = ",", description = "bridge folders to evaluate by name, e.g. bridge-mnist-mnistm "
            + "(default: every bridge-* in the zoo)")
    List<String> bridges;
    @Option(names = "--reference-cache", description = "cache of the reference classifiers, one folder per dataset "
            + "(default ~/.cache/dmz-stream/eval; ~/.cache/dmz-stream/eval-tiny with --tiny)")
    Path referenceCache;
    @Option(names = "--retrain-reference", description = "retrain the reference classifiers and replace the cached ones")
    boolean retrainReference;
    @Option(names = "--tiny", description = "a few samples and K in {1, 2}: a smoke run for CI, not a report")
    boolean tiny;

    @Override
    public Integer call() throws Exception {
        long start = System.nanoTime();
        Evaluator.Settings s = tiny ? Evaluator.Settings.tiny() : Evaluator.Settings.full();
        if (ks != null) {
            s = s.withSteps(ks.stream().sorted().distinct().toList());
        }
        if (baselineKs != null) {
            s = s.withBaselineSteps(baselineKs);
        }
        if (samples != null) {
            s = s.withSamples(samples);
        }
        if (seeds != null) {
            s = s.withSeeds(seeds);
        }
        // a tiny run trains a 30-step judge: kept apart, so that it never replaces the report's
        Path cache = referenceCache != null ? referenceCache
                : tiny ? ReferenceClassifiers.defaultRoot().resolveSibling("eval-tiny") : ReferenceClassifiers.defaultRoot();
        List<DatasetEvaluation> results = new ArrayList<>();
        Map<String, Map<String, Object>> sweep = new LinkedHashMap<>();
        List<TransferEvaluation> transfers = new ArrayList<>();
        try (Evaluator evaluator = new Evaluator(zoo, docs, s, cache, retrainReference)) {
            for (String d : datasets) {
                if (!Files.isDirectory(zoo.resolve("dmz-" + d))) {
                    System.err.println("skipping " + d + ": no model " + zoo.resolve("dmz-" + d));
                    continue;
                }
                results.add(evaluator.evaluate(d));
            }
            if (datasets.contains(sweepDataset)) {
                for (int bits : new int[]{16, 32, 64}) {
                    Path dir = zoo.resolve("sweep-" + sweepDataset + "-" + bits);
                    if (Files.isDirectory(dir)) {
                        sweep.put(String.valueOf(bits), evaluator.sweepPoint(sweepDataset, dir));
                    }
                }
            }
            try (var dirs = Files.list(zoo)) {
                for (Path bridge : dirs.filter(p -> p.getFileName().toString().startsWith("bridge-"))
                        .filter(p -> bridges == null || bridges.contains(p.getFileName().toString())).sorted().toList()) {
                    var m = ModelFolder.JSON.readTree(bridge.resolve("manifest.json").toFile());
                    String targetDomain = m.path("targetDomain").asText();
                    Path source = zoo.resolve("dmz-" + m.path("sourceDomain").asText());
                    Path target = zoo.resolve("dmz-" + targetDomain);
                    if (datasets.contains(targetDomain) && Files.isDirectory(source) && Files.isDirectory(target)) {
                        transfers.add(evaluator.transfer(source, bridge, target));
                    }
                }
            }
        }
        String cmd = "ops/dmz eval" + (datasets.equals(ALL_DATASETS) ? "" : " --datasets " + String.join(",", datasets))
                + (ks == null ? "" : " --ks " + String.join(",", s.steps().stream().map(String::valueOf).toList()))
                + (s.baselineSteps().isEmpty() ? "" : " --baseline-ks "
                        + String.join(",", s.baselineSteps().stream().map(String::valueOf).toList()))
                + (samples != null ? " --samples " + samples : "") + (seeds != null ? " --seeds " + seeds : "")
                + (bridges == null ? "" : " --bridges " + String.join(",", bridges)) + (tiny ? " --tiny" : "")
                + (retrainReference ? " --retrain-reference" : "") + (docs.toString().equals("docs") ? "" : " --docs " + docs);
        String machine = Runtime.getRuntime().availableProcessors() + " CPU cores (" + System.getProperty("os.arch") + ", "
                + System.getProperty("os.name") + "), TensorFlow CPU";
        List<ModelProvenance> models = new ArrayList<>();
        try (var dirs = Files.list(zoo)) {
            for (Path dir : dirs.filter(p -> Files.isRegularFile(p.resolve("manifest.json"))).sorted().toList()) {
                models.add(ModelProvenance.of(dir));
            }
        }
        new EvaluationReport(results, transfers, models, sweepDataset, sweep, cmd, machine, s, (System.nanoTime() - start) / 1e9)
                .write(docs);
        System.out.println("wrote " + docs.resolve("evaluation.md") + " and " + docs.resolve("evaluation.json"));
        return 0;
    }
}
