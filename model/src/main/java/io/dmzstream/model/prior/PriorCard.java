package io.dmzstream.model.prior;

import io.dmzstream.model.export.PriorManifest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/** Writes the prior's short model card ({@code README.md}) from its manifest. */
final class PriorCard {
    private PriorCard() {
    }

    static void write(Path dir, PriorManifest m) throws IOException {
        Map<String, Object> t = m.training();
        Map<String, Object> x = m.metrics();
        double uniform = m.bits();
        double nll = num(x.get("nll_bits_test"));
        String given = m.conditional()
                ? "| NLL given the true class (test) | %.2f bits |\n".formatted(num(x.get("nll_bits_test_given_class")))
                : "";
        String head = x.containsKey("conditional_code_head_accuracy")
                ? "| label head reads the asked class from a class-conditional sample | %.1f%% |\n"
                        .formatted(100 * num(x.get("conditional_code_head_accuracy")))
                : "";
        String text = """
                # %s %s

                A learned prior over the %d-bit codes of `%s`%s: an autoregressive MADE that factorises
                p(z | class) = prod_k p(z_k | z_<k, class), fitted to the hard codes of the training images (encoded through
                the serving encode path). Produced by this project's `train-prior` command; do not edit by hand (the
                manifest pins every file's sha256 and the model's weights it was fitted to).

                ![samples](samples.png)

                %s

                ## Results (codes of the test split)
                | metric | value |
                |---|---|
                | uniform codes (the paper's sampler) | %.0f bits |
                | independent bits with the training bit means | %.2f bits |
                | **this prior, NLL per code** | **%.2f bits** (%.1f%% of uniform) |
                %s| validation NLL (last 1/12 of the training codes) | %.2f bits |
                | sampled codes that copy a training code (test images' codes: %.1f%%) | %.1f%% |
                | distinct codes among %s samples | %.1f%% |
                %s
                d bits minus the NLL measures how far the codes' aggregate posterior is from the uniform distribution: it is a
                lower bound on KL(aggregate posterior || uniform) in bits, tight when the prior fits the codes exactly.

                ## Training
                - Architecture: %s; %s weights
                - Objective: %s
                - Optimiser: %s; %s epochs (best %s), %s steps, seed %s
                - Command: `%s`
                - Wall time: %s s on %s

                ## Signatures (SavedModel tag `serve`)
                - `sample`: class [B,%d] one-hot, uniform [B,%d] in [0,1) -> bits [B,%d]. The d sequential MADE passes
                  are unrolled in the graph; bit k = (uniform_k < sigmoid(logit_k)), so the uniforms (drawn in Java from
                  a seed) fix the code.
                - `log_prob`: bits [B,%d], class [B,%d] -> nll [B] (bits).
                """.formatted(m.name(), m.version(), m.bits(), m.model(), m.conditional() ? ", conditioned on the class" : "",
                m.conditional()
                        ? "Row c: codes sampled for class c (`" + String.join("`, `", m.classes()) + "`), decoded at K = 10."
                        : "Codes sampled from the prior, decoded at K = 10.",
                uniform, num(x.get("independent_bits_test")), nll, 100 * nll / uniform, given,
                num(x.get("nll_bits_validation")), 100 * num(x.get("test_code_in_training_share")),
                100 * num(x.get("sample_training_copy_share")), x.get("samples_scored"),
                100 * num(x.get("sample_distinct_share")), head,
                t.get("architecture"), t.get("parameters"), t.get("objective"), t.get("optimizer"), t.get("epochs"),
                t.get("best_epoch"), t.get("steps"), t.get("seed"), t.get("command"), t.get("wall_seconds"), t.get("machine"),
                m.classes().size(), m.bits(), m.bits(), m.bits(), m.classes().size());
        Files.writeString(dir.resolve("README.md"), text);
    }

    private static double num(Object o) {
        return o instanceof Number n ? n.doubleValue() : Double.NaN;
    }
}
