package io.dmzstream.model.export;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import io.dmzstream.model.network.NetworkConfig;
import java.util.Map;

/** Writes the short model card ({@code README.md}) next to a SavedModel from its manifest. */
public final class ModelCard {
    private ModelCard() {
    }

    public static void write(Path dir, Manifest m) throws IOException {
        Map<String, Object> t = m.training();
        Map<String, Object> metrics = m.metrics();
        NetworkConfig net = m.network();
        String kind = m.conditioned() ? "DMZ diffusion autoencoder" : "matched-capacity DDPM baseline (constant token instead of z)";
        String text = """
                # %s %s

                A %s trained on **%s** (%s, input tensor [B,%d,%d,%d]), %d-bit binary code.
                Produced by this project's `train` command; do not edit by hand (the manifest pins every file's sha256).

                ![samples](samples.png)

                %s

                ## Results (test split)
                | metric | value |
                |---|---|
                %s| distinct codes among test images | %s |
                | bits that never flip (train) | %d of %d |

                ## Training
                - Command: `%s`
                - Network: %s
                - Steps trained: %d (batch %s, AdamW lr %s, weight decay %s, EMA %s), seed %d
                - Wall time of the last training session: %s s on %s
                - Diffusion: cosine schedule, T = %d, epsilon-prediction MSE, input perturbation gamma = %s.
                  The paper's learned-variance term is dropped (CPU budget); sampling uses the posterior variance.
                - Code: Gumbel-sigmoid (2-class Gumbel-softmax, tau = 1), soft samples in training, hard bits at inference.
                - **Our addition to the paper's recipe:** an aggregate-posterior balance term, weight %s: the mean over bits of
                  KL(Bernoulli(batch-mean p_k) || Bernoulli(1/2)). Without it the code collapsed in our prototype. Set
                  `--balance 0` to train the paper's recipe exactly.%s

                ## Signatures (SavedModel tag `serve`)
                %s
                """.formatted(m.name(), m.version(), kind, m.dataset(), net.describeImage(), net.height(), net.width(),
                net.channels(), m.bits(), gridNote(m), headRows(m), metrics.get("test_distinct_codes"),
                m.codeStatistics().constantBits(), m.bits(), t.get("command"), describe(net), m.stepsTrained(), t.get("batch_size"), t.get("learning_rate"), t.get("weight_decay"),
                t.get("ema_decay"), m.seed(), t.get("wall_seconds_last_session"), t.get("machine"), m.timesteps(),
                t.get("input_perturbation"), t.get("balance_weight"),
                confidenceNote(t) + labelNote(t), signatures(m));
        Files.writeString(dir.resolve("README.md"), text);
    }

    /** A line on one of our optional loss terms, when the run used it (its weight is nonzero). */
    private static String termNote(Map<String, Object> training, String weightKey, String text) {
        Object w = training.get(weightKey);
        return w instanceof Number n && n.doubleValue() != 0 ? "\n" + text.formatted(w) : "";
    }

    private static String confidenceNote(Map<String, Object> training) {
        return termNote(training, "confidence_weight", """
                - **Also ours:** a per-image confidence term, weight %s: the mean bit entropy H(Bernoulli(p_ik)).
                  The balance term alone is met by p = 1/2 for every image (a code that says nothing); the two
                  together maximise the mutual information between image and code.""");
    }

    private static String labelNote(Map<String, Object> training) {
        return termNote(training, "label_weight", """
                - **Also ours, supervised:** a class term, weight %s: cross-entropy of a linear classifier on the
                  soft code, trained with the autoencoder. It makes the class take bits that the reconstruction loss
                  would give to a louder factor of the images; the linear probe in the results is not an unsupervised
                  figure for this model.""");
    }

    private static String headRows(Manifest m) {
        Map<String, Object> metrics = m.metrics();
        if (!m.hasLabelHead()) {
            return "| label head | none (trained on an unlabelled folder; LABEL requests are refused) |\n";
        }
        return "| label head | " + metrics.get("head") + " |\n"
                + String.format("| label head accuracy | %.2f%% |%n", 100 * num(metrics.get("head_accuracy")))
                + String.format("| linear probe (softmax regression on bit probabilities) | %.2f%% |%n",
                100 * num(metrics.get("linear_probe_accuracy")))
                + String.format("| MLP head (one hidden layer) | %.2f%% |%n", 100 * num(metrics.get("mlp_head_accuracy")));
    }

    private static String describe(NetworkConfig net) {
        return "U-Net base " + net.baseChannels() + " channels, multipliers " + net.channelMultipliers() + " ("
                + net.levels() + " downsamplings); encoder width " + net.encoderWidth() + ", " + net.encoderDownsamples()
                + " downsamplings; GroupNorm " + net.groups() + " groups";
    }

    private static String signatures(Manifest m) {
        NetworkConfig n = m.network();
        String img = "[B," + n.height() + "," + n.width() + "," + n.channels() + "]";
        String s = "- `encode`: image " + img + " in [-1,1] -> bits [B,d], probabilities [B,d]\n"
                + "- `denoise`: x " + img + ", t [B] (float timestep), z [B,d] -> epsilon " + img;
        return m.hasLabelHead() ? s + "\n- `classify`: probabilities [B,d] -> classes [B,C]" : s;
    }

    private static String gridNote(Manifest m) {
        if (m.conditioned()) {
            return "Row 1: test images. Row 2: their reconstructions from the hard " + m.bits() + "-bit code, K = 10 ancestral steps.\n"
                    + "Rows 3-4: samples from uniform random codes (the paper's unconditional mode), K = 10.";
        }
        // the baseline keeps DMZ's signatures and parameter count, but its denoiser never sees the code
        return "Row 1: test images. Rows 2-4: unconditional samples, K = 10 ancestral steps (the denoiser ignores z,\n"
                + "so every code gives the same distribution). The encoder and label head are kept only so that the\n"
                + "baseline has DMZ's signatures and parameter count; they learn nothing about the image, and the\n"
                + "chance-level label accuracy below is expected.";
    }

    private static double num(Object o) {
        return o instanceof Number n ? n.doubleValue() : Double.NaN;
    }
}
