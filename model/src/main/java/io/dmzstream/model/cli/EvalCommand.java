package io.dmzstream.model.cli;

import io.dmzstream.model.evaluation.DatasetEvaluation;
import io.dmzstream.model.evaluation.EvaluationReport;
import io.dmzstream.model.evaluation.Evaluator;
import io.dmzstream.model.evaluation.ModelProvenance;
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
        description = "Evaluate the zoo models and write docs/evaluation.md and docs/evaluation.json.")
public final class EvalCommand implements Callable<Integer> {
    @Option(names = "--zoo", defaultValue = "model/zoo", description = "zoo folder (default ${DEFAULT-VALUE})")
    Path zoo;
    @Option(names = "--docs", defaultValue = "docs", description = "report folder (default ${DEFAULT-VALUE})")
    Path docs;
    @Option(names = "--datasets", split = ",", defaultValue = "mnist,fashion,mnistm",
            description = "datasets whose dmz-NAME models to evaluate (default ${DEFAULT-VALUE}; missing models are skipped)")
    List<String> datasets;
    @Option(names = "--sweep-dataset", defaultValue = "mnist", description = "dataset of the code-size sweep (models sweep-DATASET-BITS)")
    String sweepDataset;
    @Option(names = "--bridges", split = ",", description = "bridge folders to evaluate by name, e.g. bridge-mnist-mnistm "
            + "(default: every bridge-* in the zoo)")
    List<String> bridges;
    @Option(names = "--tiny", description = "a few samples and K in {1, 2}: a smoke run for CI, not a report")
    boolean tiny;
    @Option(names = "--samples", description = "images per (variant, K); default 500 (24 with --tiny)")
    Integer samples;

    @Override
    public Integer call() throws Exception {
        Evaluator.Settings s = tiny ? Evaluator.Settings.tiny() : Evaluator.Settings.full();
        if (samples != null) {
            s = new Evaluator.Settings(s.steps(), samples, s.referenceSteps(), s.probeImages(), s.batch(), s.seed(), s.gridSteps());
        }
        List<DatasetEvaluation> results = new ArrayList<>();
        Map<String, Map<String, Object>> sweep = new LinkedHashMap<>();
        List<TransferEvaluation> transfers = new ArrayList<>();
        try (Evaluator evaluator = new Evaluator(zoo, docs, s)) {
            for (String d : datasets) {
                if (!Files.isDirectory(zoo.resolve("dmz-" + d))) {
                    System.err.println("skipping " + d + ": no model " + zoo.resolve("dmz-" + d));
                    continue;
                }
                results.add(evaluator.evaluate(d));
            }
            for (int bits : new int[]{16, 32, 64}) {
                Path dir = zoo.resolve("sweep-" + sweepDataset + "-" + bits);
                if (Files.isDirectory(dir)) {
                    sweep.put(String.valueOf(bits), evaluator.sweepPoint(sweepDataset, dir));
                }
            }
            try (var dirs = Files.list(zoo)) {
                for (Path bridge : dirs.filter(p -> p.getFileName().toString().startsWith("bridge-"))
                        .filter(p -> bridges == null || bridges.contains(p.getFileName().toString())).sorted().toList()) {
                    var m = ModelFolder.JSON.readTree(bridge.resolve("manifest.json").toFile());
                    Path source = zoo.resolve("dmz-" + m.path("sourceDomain").asText());
                    Path target = zoo.resolve("dmz-" + m.path("targetDomain").asText());
                    if (Files.isDirectory(source) && Files.isDirectory(target)) {
                        transfers.add(evaluator.transfer(source, bridge, target));
                    }
                }
            }
        }
        String cmd = "ops/dmz eval" + (datasets.equals(List.of("mnist", "fashion", "mnistm")) ? "" : " --datasets " + String.join(",", datasets))
                + (bridges == null ? "" : " --bridges " + String.join(",", bridges)) + (tiny ? " --tiny" : "") + (samples != null ? " --samples " + samples : "")
                + (docs.toString().equals("docs") ? "" : " --docs " + docs);
        String machine = Runtime.getRuntime().availableProcessors() + " CPU cores (" + System.getProperty("os.arch") + ", "
                + System.getProperty("os.name") + "), TensorFlow CPU";
        List<ModelProvenance> models = new ArrayList<>();
        try (var dirs = Files.list(zoo)) {
            for (Path dir : dirs.filter(p -> Files.isRegularFile(p.resolve("manifest.json"))).sorted().toList()) {
                models.add(ModelProvenance.of(dir));
            }
        }
        new EvaluationReport(results, transfers, models, sweepDataset, sweep, cmd, machine, s).write(docs);
        System.out.println("wrote " + docs.resolve("evaluation.md") + " and " + docs.resolve("evaluation.json"));
        return 0;
    }
}
