package io.dmzstream.model.evaluation;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Arrays;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeSet;

/** The report's section for one dataset: markdown and {@code datasets.<name>} of the JSON, from the same figures. */
final class DatasetSection {
    private static final Map<String, String> VARIANT_NAMES = Map.of("dmz_codes", "DMZ, test-image codes",
            "dmz_prior", "DMZ, prior codes", "dmz_uniform", "DMZ, uniform codes", "baseline", "baseline");

    private DatasetSection() {
    }

    static void json(ObjectNode n, DatasetEvaluation e) {
        n.put("model", e.model());
        n.put("bits", e.bits());
        n.put("steps_trained", e.stepsTrained());
        n.put("baseline_model", e.baseline());
        n.put("prior_model", e.prior());
        n.put("reference_classifier_accuracy", e.referenceAccuracy());
        ObjectNode ref = n.putObject("reference_classifier");
        ref.put("inputs_sha256", e.referenceInputs());
        ref.put("reused_from_cache", e.referenceReused());
        n.put("probe_accuracy", e.probeAccuracy());
        n.put("head_accuracy", e.headAccuracy());
        ObjectNode fid = n.putObject("fid");
        ObjectNode spread = n.putObject("fid_spread");
        for (var v : e.fid().entrySet()) {
            if (!v.getValue().isEmpty()) {
                Format.putMeans(fid.putObject(v.getKey()), v.getValue());
                Format.putSpreads(spread.putObject(v.getKey()), v.getValue());
            }
        }
        Format.put(n.putObject("recon_label_consistency"), e.semantic().consistency());
        Format.put(n.putObject("recon_mse"), e.semantic().mse());
        Format.put(n.putObject("recon_label_consistency_exact"), e.exact().consistency());
        Format.put(n.putObject("recon_mse_exact"), e.exact().mse());
        PriorNll p = e.priorNll();
        if (p != null) {
            Format.put(n, "prior_nll_bits", p.nllBits());
            Format.put(n, "prior_nll_bits_given_class", p.nllBitsGivenClass());
            Format.put(n, "independent_bits_nll", p.independentBits());
            n.put("uniform_bits", p.uniformBits());
        } else {
            n.putNull("prior_nll_bits");
        }
        Format.putMeans(n.putObject("conditional_sample_accuracy"), e.conditionalAccuracy());
        Format.putSpreads(n.putObject("conditional_sample_accuracy_spread"), e.conditionalAccuracy());
        n.put("distinct_codes", e.distinctCodes());
        n.put("constant_bits", e.constantBits());
        n.put("code_entropy_bits", e.codeEntropy());
        var means = n.putArray("bit_means");
        for (double m : e.bitMeans()) {
            means.add(m);
        }
        n.put("samples_per_point", e.samples());
        n.put("seeds", e.seeds());
        n.put("sample_grid", e.grid());
        n.put("fid_plot", e.plot());
        n.put("interpolation_grid", e.interpolation());
        var targets = n.putArray("targets");
        for (Target t : Targets.of(e)) {
            ObjectNode o = targets.addObject();
            o.put("target", t.name());
            o.put("measured", t.measured());
            if (t.met() == null) {
                o.putNull("met");
            } else {
                o.put("met", t.met());
            }
            o.put("note", t.note());
        }
        n.put("seconds", Math.round(e.seconds()));
    }

    static String markdown(DatasetEvaluation e, Evaluator.Settings settings) {
        StringBuilder md = new StringBuilder();
        md.append("## ").append(e.dataset()).append("\n\n");
        md.append("Model `").append(e.model()).append("` (").append(e.bits()).append(" bits, ").append(e.stepsTrained())
                .append(" training steps); baseline `").append(e.baseline() == null ? "none in the zoo" : e.baseline())
                .append("`; prior `").append(e.prior() == null ? "none" : e.prior())
                .append("`; the reference classifier scores ").append(Format.pct(e.referenceAccuracy())).append(" on test (")
                .append(e.referenceReused() ? "cached" : "trained in this run").append(", inputs sha256 `")
                .append(e.referenceInputs(), 0, Math.min(12, e.referenceInputs().length())).append("`).\n\n");
        md.append("| representation | value |\n|---|---|\n");
        md.append("| linear probe on z (softmax regression, train -> test) | ").append(Format.pct(e.probeAccuracy())).append(" |\n");
        md.append("| shipped label head | ").append(Format.pct(e.headAccuracy())).append(" |\n");
        md.append("| distinct codes among test images | ").append(e.distinctCodes()).append(" |\n");
        md.append("| bits that never flip (test) | ").append(e.constantBits()).append(" of ").append(e.bits()).append(" |\n");
        md.append(String.format("| mean per-bit entropy | %.3f bits |%n", e.codeEntropy()));
        md.append(String.format("| bit means (min / max) | %.2f / %.2f |%n%n",
                Arrays.stream(e.bitMeans()).min().orElse(Double.NaN), Arrays.stream(e.bitMeans()).max().orElse(Double.NaN)));

        md.append("### FID against K\n\n");
        md.append("Mean over ").append(e.seeds()).append(e.seeds() == 1 ? " seed" : " seeds (min-max)").append(", ")
                .append(e.samples()).append(" images per seed. Prior codes: ")
                .append(e.conditionalAccuracy().isEmpty() ? "drawn without a class" : "drawn for the classes of the test slice")
                .append(".\n\n");
        md.append("| K |");
        for (String v : DatasetEvaluation.VARIANTS) {
            md.append(' ').append(VARIANT_NAMES.get(v)).append(" |");
        }
        md.append("\n|---|").append("---|".repeat(DatasetEvaluation.VARIANTS.size())).append("\n");
        for (int k : ks(e)) {
            md.append("| ").append(k).append(" |");
            for (String v : DatasetEvaluation.VARIANTS) {
                md.append(' ').append(Format.fid(e.fid().get(v).get(k))).append(" |");
            }
            md.append("\n");
        }
        md.append("\n![FID against K](").append(e.plot()).append(")\n\n");

        md.append("### Reconstruction: semantic vs exact\n\n");
        md.append("Semantic: the code decoded from fresh noise (DDPM). Exact: the image DDIM-inverted to x_T given its code, then ")
                .append("DDIM-decoded (2K denoiser calls). The first ").append(e.samples()).append(" test images.\n\n");
        md.append("| K | label consistency, semantic | label consistency, exact | MSE, semantic | MSE, exact |\n|---|---|---|---|---|\n");
        for (int k : e.semantic().consistency().keySet()) {
            md.append("| ").append(k).append(" | ").append(Format.pct(e.semantic().consistency().get(k)))
                    .append(" | ").append(pctOrDash(e.exact().consistency(), k))
                    .append(String.format(" | %.4f | ", e.semantic().mse().get(k))).append(mseOrDash(e.exact().mse(), k)).append(" |\n");
        }
        md.append("\n");

        md.append("### Code prior\n\n");
        PriorNll p = e.priorNll();
        if (p == null) {
            md.append("No prior for this model: `ops/dmz train-prior --model model/zoo/dmz-").append(e.dataset())
                    .append("` fits one.\n\n");
        } else {
            md.append("Mean bits per test code (lower is better); the gap to d is what uniform sampling ignores.\n\n");
            md.append("| code distribution | NLL (bits) |\n|---|---|\n");
            md.append("| uniform (d) | ").append(p.uniformBits()).append(" |\n");
            md.append("| independent bits, training bit means | ").append(Format.num(p.independentBits())).append(" |\n");
            md.append("| `").append(p.prior()).append("`, class marginalised | ").append(Format.num(p.nllBits())).append(" |\n");
            if (!Double.isNaN(p.nllBitsGivenClass())) {
                md.append("| `").append(p.prior()).append("`, given the class | ").append(Format.num(p.nllBitsGivenClass())).append(" |\n");
            }
            md.append("\n");
        }
        if (!e.conditionalAccuracy().isEmpty()) {
            md.append("### Class-conditional samples\n\n");
            md.append("Prior codes drawn for a class, decoded, and labelled by the reference classifier: the share that ")
                    .append("gets the class asked for.\n\n| K | accuracy |\n|---|---|\n");
            e.conditionalAccuracy().forEach((k, s) -> md.append("| ").append(k).append(" | ").append(Format.pct(s)).append(" |\n"));
            md.append("\n");
        }

        md.append("### Samples and interpolation\n\n");
        md.append("![samples](").append(e.grid()).append(")\n\n");
        md.append("Sample grid, top row: test inputs; then reconstructions from their codes")
                .append(e.prior() == null ? "" : e.conditionalAccuracy().isEmpty() ? ", samples from prior codes"
                        : ", samples from prior codes asked for the classes of the inputs above").append(", from uniform random codes")
                .append(e.baseline() != null ? " and baseline samples" : "").append(", each at K = ")
                .append(settings.shownSteps()).append(" (one row per K).\n\n");
        md.append("![interpolation](").append(e.interpolation()).append(")\n\n");
        md.append("Interpolation, each row: a test image, ").append(Evaluator.PATH_POINTS)
                .append(" codes on the bit-flip path from its code to another class's test image (both ends included), ")
                .append("decoded at K = ").append(settings.headlineK()).append(" with one noise seed per row, and that other image.\n\n");

        md.append("Targets:\n");
        Targets.of(e).forEach(t -> md.append(t.markdown()));
        return md.append("\n").toString();
    }

    private static TreeSet<Integer> ks(DatasetEvaluation e) {
        TreeSet<Integer> ks = new TreeSet<>(e.semantic().consistency().keySet());
        e.fid().values().forEach(m -> ks.addAll(m.keySet()));
        return ks;
    }

    private static String pctOrDash(SortedMap<Integer, Double> m, int k) {
        return m.containsKey(k) ? Format.pct(m.get(k)) : "-";
    }

    private static String mseOrDash(SortedMap<Integer, Double> m, int k) {
        return m.containsKey(k) ? String.format("%.4f", m.get(k)) : "-";
    }
}
