package io.dmzstream.model.evaluation;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dmzstream.model.export.ModelFolder;
import io.dmzstream.model.train.EmaWarmup;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Writes {@code docs/evaluation.md} and {@code docs/evaluation.json} from measured results. */
public final class EvaluationReport {
    /** Code size of the shipped dmz-* models; the sweep says whether it is a good default. */
    private static final int SHIPPED_BITS = 64;
    /** The command that regenerates the committed report, and what it costs on the 2-core reference machine. */
    public static final String FULL_COMMAND = "ops/dmz eval";
    public static final String FULL_DURATION = "about 8 h on 2 CPU cores (estimated: some 16 million denoiser image-calls "
            + "at the measured ~640 per second for 28x28 models, slower for MNIST-M's 32x32x3)";
    public static final String SMOKE_COMMAND = "ops/dmz eval --datasets mnist --ks 10 --samples 200 --seeds 1 --docs /tmp/dmz-eval";
    public static final String SMOKE_DURATION = "about 3 min";
    private final List<DatasetEvaluation> datasets;
    private final Map<String, Map<String, Object>> sweep;
    private final String sweepDataset;
    private final String command;
    private final String machine;
    private final Evaluator.Settings settings;
    private final List<TransferEvaluation> transfers;
    private final List<ModelProvenance> models;
    private final double seconds;

    public EvaluationReport(List<DatasetEvaluation> datasets, String sweepDataset, Map<String, Map<String, Object>> sweep,
                            String command, String machine, Evaluator.Settings settings) {
        this(datasets, List.of(), List.of(), sweepDataset, sweep, command, machine, settings, Double.NaN);
    }

    /** @param seconds wall time of the whole run, NaN when unknown */
    public EvaluationReport(List<DatasetEvaluation> datasets, List<TransferEvaluation> transfers, List<ModelProvenance> models,
                            String sweepDataset, Map<String, Map<String, Object>> sweep, String command, String machine,
                            Evaluator.Settings settings, double seconds) {
        this.transfers = transfers;
        this.models = models;
        this.datasets = datasets;
        this.sweep = sweep;
        this.sweepDataset = sweepDataset;
        this.command = command;
        this.machine = machine;
        this.settings = settings;
        this.seconds = seconds;
    }

    public void write(Path docs) throws IOException {
        Files.createDirectories(docs);
        ModelFolder.JSON.writeValue(docs.resolve("evaluation.json").toFile(), json());
        Files.writeString(docs.resolve("evaluation.md"), markdown());
    }

    ObjectNode json() {
        var mapper = ModelFolder.JSON;
        ObjectNode root = mapper.createObjectNode();
        ObjectNode ds = root.putObject("datasets");
        for (DatasetEvaluation e : datasets) {
            DatasetSection.json(ds.putObject(e.dataset()), e);
        }
        ObjectNode sw = root.putObject("bits_sweep");
        sw.put("dataset", sweepDataset);
        for (var e : sweep.entrySet()) {
            ObjectNode p = sw.putObject(e.getKey());
            e.getValue().forEach((k, v) -> {
                if (v instanceof Spread s) {
                    Format.putSpreads(p.putObject(k), new TreeMap<>(Map.of(sweepK(e.getValue()), s)));
                } else {
                    p.putPOJO(k, v);
                }
            });
        }
        ObjectNode tr = root.putObject("transfer");
        for (TransferEvaluation t : transfers) {
            ObjectNode n = tr.putObject(t.pair());
            n.put("bridge", t.bridge());
            n.put("bit_accuracy", t.bitAccuracy());
            Format.put(n.putObject("label_accuracy"), t.labelAccuracy());
            Format.putMeans(n.putObject("fid"), t.fid());
            Format.putSpreads(n.putObject("fid_spread"), t.fid());
            n.put("samples_per_point", t.samples());
            n.put("seeds", t.seeds());
        }
        var zoo = root.putArray("models");
        for (ModelProvenance m : models) {
            zoo.addPOJO(m);
        }
        ObjectNode run = root.putObject("settings");
        var ks = run.putArray("ks");
        settings.steps().forEach(ks::add);
        var baselineKs = run.putArray("baseline_only_ks");
        settings.baselineSteps().forEach(baselineKs::add);
        run.put("samples", settings.samples());
        run.put("seeds", settings.seeds());
        run.put("reference_steps", settings.referenceSteps());
        root.put("command", command);
        root.put("machine", machine);
        if (Double.isNaN(seconds)) {
            root.putNull("seconds");
        } else {
            root.put("seconds", Math.round(seconds));
        }
        return root;
    }

    String markdown() {
        StringBuilder md = new StringBuilder();
        md.append("# DMZ evaluation\n\n");
        md.append("Generated by `").append(command).append("` on ").append(machine)
                .append(Double.isNaN(seconds) ? "" : " in " + duration(seconds)).append(". Every number below is in ")
                .append("[evaluation.json](evaluation.json); rerun the command to regenerate both. The full report is `")
                .append(FULL_COMMAND).append("`: ").append(FULL_DURATION).append("; a reduced run for a quick check is `")
                .append(SMOKE_COMMAND).append("` (").append(SMOKE_DURATION).append(", to a scratch folder).\n\n");
        md.append("**About \"FID\".** Frechet distance between Gaussians fitted to the 128-d penultimate features of a small ")
                .append("reference CNN and the 10,000 test images' features, for ").append(settings.samples())
                .append(" generated images per seed, ").append(settings.seeds()).append(settings.seeds() == 1 ? " seed" : " seeds")
                .append(" per figure (mean, and min-max over the seeds). The CNN is trained once per dataset (seeded weights and ")
                .append("batch order; multi-threaded float sums still make a retrained one differ in the last bits) and cached ")
                .append("with the sha256 of its inputs (`~/.cache/dmz-stream/eval/DATASET/`), so every run judges with the same ")
                .append("one; `--retrain-reference` replaces it. It is *not* Inception FID and is not comparable ")
                .append("with published numbers; lower is better, and it compares our models with each other.\n\n");
        for (DatasetEvaluation e : datasets) {
            md.append(DatasetSection.markdown(e, settings));
        }
        if (!sweep.isEmpty()) {
            int k = sweepK(sweep.values().iterator().next());
            md.append("## Code-size sweep (").append(sweepDataset).append(")\n\n");
            md.append("| bits | model | steps | linear probe | FID K=").append(k).append(" (uniform codes) | FID K=").append(k)
                    .append(" (test codes) | distinct test codes |\n");
            md.append("|---|---|---|---|---|---|---|\n");
            for (var e : sweep.entrySet()) {
                Map<String, Object> p = e.getValue();
                md.append("| ").append(e.getKey()).append(" | ").append(p.get("model")).append(" | ").append(p.get("steps_trained"))
                        .append(" | ").append(Format.pct(((Number) p.get("probe_accuracy")).doubleValue()))
                        .append(" | ").append(sweepFid(p, "fid_k" + k)).append(" | ").append(sweepFid(p, "fid_codes_k" + k))
                        .append(" | ").append(p.get("distinct_codes")).append(" |\n");
            }
            md.append("\n").append(sweepChoice()).append("\n\n");
        } else {
            md.append("## Code-size sweep (").append(sweepDataset).append(")\n\n")
                    .append("Not measured: the zoo has no `sweep-").append(sweepDataset).append("-{16,32,64}` models, or this run ")
                    .append("left the dataset out. Train them ")
                    .append("with one budget, e.g. `ops/dmz train --dataset ").append(sweepDataset).append(" --out model/zoo/sweep-")
                    .append(sweepDataset).append("-16 --bits 16 --steps 3000` (and 32, 64), then rerun this report. ")
                    .append("The shipped models use d = 64 because a 32-bit prototype plateaued below the label-head target ")
                    .append("(see the shipped models' manifests), not because of a measured sweep.\n\n");
        }
        for (TransferEvaluation t : transfers) {
            md.append("## Domain transfer ").append(t.pair()).append("\n\n");
            md.append("Bridge `").append(t.bridge()).append("`: bit accuracy on the paired test split ")
                    .append(Format.pct(t.bitAccuracy())).append(". Label accuracy: the target domain's reference classifier labels each ")
                    .append("transfer and is compared with the source item's class (").append(t.samples()).append(" test items per seed, ")
                    .append(t.seeds()).append(t.seeds() == 1 ? " seed" : " seeds").append(").\n\n");
            md.append("| K | label accuracy | FID vs target test set |\n|---|---|---|\n");
            for (int k : t.labelAccuracy().keySet()) {
                md.append("| ").append(k).append(" | ").append(Format.pct(t.labelAccuracy().get(k))).append(" | ")
                        .append(Format.fid(t.fid().get(k))).append(" |\n");
            }
            Double at10 = t.labelAccuracy().get(10);
            if (at10 != null) {
                md.append("\nTarget: label accuracy >= 80% at K = 10: ").append(Format.pct(at10)).append(at10 >= 0.8 ? " (met)" : " (missed)").append("\n");
            }
            int shownK = t.labelAccuracy().containsKey(10) ? 10 : t.labelAccuracy().lastKey();
            md.append("\n![transfer](").append(t.grid()).append(")\n\nRows: source-domain inputs, their transfers (K = ")
                    .append(shownK).append("), the paired target-domain ground truth.\n\n");
        }
        if (!models.isEmpty()) {
            md.append("## Zoo models\n\n| model | steps (bridges: epochs) | seed | wall time of the last training session "
                    + "| initial weights left in the exported EMA | command |\n|---|---|---|---|---|---|\n");
            for (ModelProvenance m : models) {
                md.append("| `").append(m.name()).append("` | ").append(m.steps()).append(" | ").append(m.seed()).append(" | ")
                        .append(m.wallSeconds() / 60).append(" min | ").append(share(m.initShare())).append(" | `")
                        .append(m.command()).append("` |\n");
            }
            md.append("\nThe exported weights are an exponential moving average (EMA) that starts from the random initial "
                    + "weights. Models trained before the EMA warm-up (decay " + EmaWarmup.FORMULA + ") "
                    + "kept ema_decay^steps of them; the column above says how much that is.\n\n");
        }
        md.append("## Settings\n\n");
        md.append("- K: ").append(settings.steps())
                .append(settings.baselineSteps().isEmpty() ? "" : " (the baseline also at " + settings.baselineSteps() + ")").append("; decode: respaced ancestral DDPM (trailing spacing, posterior variance); ")
                .append("seed j decodes test images j*n .. j*n+n-1 (n = ").append(settings.samples())
                .append(") with noise seeds 100000 + 1000000*j + i, and draws fresh uniform and prior codes.\n");
        md.append("- Samples per (variant, K, seed): ").append(settings.samples()).append("; seeds: ").append(settings.seeds())
                .append("; reference CNN: ").append(settings.referenceSteps()).append(" Adam steps of batch 128, seed ")
                .append(settings.seed()).append(".\n");
        md.append("- Linear probe: softmax regression (Adam, early stopping on 10% of the train codes) on the first ")
                .append(settings.probeImages()).append(" training images' bit probabilities, scored on the test split.\n");
        return md.toString();
    }

    private static String duration(double seconds) {
        return seconds >= 3600 ? String.format("%.1f h", seconds / 3600) : String.format("%.0f min", Math.ceil(seconds / 60));
    }

    /** The K of a sweep point (10 unless the run left it out). */
    private static int sweepK(Map<String, Object> point) {
        return point.get("k") instanceof Number n ? n.intValue() : 10;
    }

    private static String sweepFid(Map<String, Object> point, String key) {
        return point.get(key + "_spread") instanceof Spread s ? s.format()
                : point.get(key) instanceof Number n ? Format.num(n.doubleValue()) : "-";
    }

    /** What the sweep says about d, and whether it backs the code size the shipped models use. */
    private String sweepChoice() {
        String bestProbe = best("probe_accuracy", true);
        int k = sweepK(sweep.values().iterator().next());
        String bestFid = best("fid_k" + k, false);
        String bestCodesFid = best("fid_codes_k" + k, false);
        boolean fidUninformative = sweep.values().stream().allMatch(p -> num(p, "fid_k" + k) > 100);
        StringBuilder text = new StringBuilder("Highest linear probe: d = ").append(bestProbe)
                .append("; lowest K = ").append(k).append(" FID from uniform codes: d = ").append(bestFid)
                .append("; from test-image codes: d = ").append(bestCodesFid)
                .append(". All sweep models share one training budget (see their step counts), smaller than the shipped models'. ");
        if (fidUninformative) {
            text.append("Every K = ").append(k).append(" FID here is above 100: at this budget the samples are not yet digits, so the FID ")
                    .append("columns do not rank the code sizes; only the probe does. ");
        }
        text.append("Default: d = ").append(SHIPPED_BITS).append(", the code size of the shipped models. ");
        if (String.valueOf(SHIPPED_BITS).equals(bestProbe)) {
            text.append("The sweep backs it on what the service is for: the embedding (probe) and the label head "
                    + "(95% MNIST target) need the capacity");
            text.append(String.valueOf(SHIPPED_BITS).equals(bestCodesFid) || fidUninformative
                    ? "." : "; d = " + bestCodesFid + " decodes test codes better at this budget.");
        } else {
            text.append("The sweep does not back it (best probe at d = ").append(bestProbe)
                    .append("); retrain the shipped models at that size before changing the default.");
        }
        return text.toString();
    }

    /** Sweep size with the highest ({@code highest}) or lowest value of {@code key}. */
    private String best(String key, boolean highest) {
        String best = null;
        for (var e : sweep.entrySet()) {
            double v = num(e.getValue(), key);
            if (Double.isNaN(v)) {
                continue;
            }
            if (best == null || (highest ? v > num(sweep.get(best), key) : v < num(sweep.get(best), key))) {
                best = e.getKey();
            }
        }
        return best == null ? "-" : best;
    }

    private static double num(Map<String, Object> point, String key) {
        Object v = point.get(key);
        return v instanceof Number n ? n.doubleValue() : Double.NaN;
    }

    private static String share(double v) {
        if (Double.isNaN(v)) {
            return "-";
        }
        return v < 0.001 ? "< 0.1%" : String.format("%.1f%%", 100 * v);
    }
}
