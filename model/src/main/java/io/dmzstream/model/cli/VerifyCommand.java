package io.dmzstream.model.cli;

import io.dmzstream.model.data.Dataset;
import io.dmzstream.model.data.Datasets;
import io.dmzstream.model.export.Manifest;
import io.dmzstream.model.export.ModelFolder;
import io.dmzstream.model.export.PriorManifest;
import io.dmzstream.model.pipeline.EncodePipeline;
import io.dmzstream.model.serving.CodePrior;
import io.dmzstream.model.serving.CodePriors;
import io.dmzstream.model.serving.DmzModel;
import io.dmzstream.model.serving.DmzModels;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

@Command(name = "verify", mixinStandardHelpOptions = true,
        description = "Check zoo models: file hashes, DJL loading, the label-head test accuracy recorded in the manifest, and each model's prior (its weights match and its test NLL reproduces).")
public final class VerifyCommand implements Callable<Integer> {
    @Parameters(arity = "0..*", description = "model folders (default: every dmz-* and baseline-* folder in model/zoo)")
    List<Path> models;

    @Override
    public Integer call() throws Exception {
        List<Path> dirs = models == null || models.isEmpty() ? zooAutoencoders(Path.of("model/zoo")) : models;
        int failures = 0;
        for (Path dir : dirs) {
            Manifest m = new ModelFolder(dir).verify();
            if (!m.hasLabelHead()) {
                try (DmzModel model = DmzModels.load(dir)) {
                    System.out.printf("%s: files ok, loads through DJL (%s), no label head%n", m.name(), m.network().describeImage());
                }
                continue;
            }
            double recorded = ((Number) m.metrics().get("head_accuracy")).doubleValue();
            try (DmzModel model = DmzModels.load(dir)) {
                Dataset test = Datasets.load(m.dataset(), Dataset.Split.TEST);
                var pipeline = new EncodePipeline(model, 500);
                var codes = pipeline.encode(test);
                float[][] scores = pipeline.classify(codes.probabilities());
                int correct = 0;
                for (int i = 0; i < scores.length; i++) {
                    correct += EncodePipeline.argmax(scores[i]) == test.label(i) ? 1 : 0;
                }
                double measured = (double) correct / test.size();
                boolean ok = Math.abs(measured - recorded) <= 0.002;
                failures += ok ? 0 : 1;
                System.out.printf("%s: files ok, label head %.2f%% on %d test images (manifest %.2f%%) %s%n", m.name(),
                        100 * measured, test.size(), 100 * recorded, ok ? "OK" : "MISMATCH");
                if (CodePriors.exists(dir)) {
                    failures += verifyPrior(dir, codes.bits()) ? 0 : 1;
                }
            }
        }
        return failures == 0 ? 0 : 1;
    }

    /** The prior loads against this model's weights and scores the test codes as its manifest says. */
    private static boolean verifyPrior(Path dir, float[][] testCodes) throws java.io.IOException {
        PriorManifest pm = ModelFolder.JSON.readValue(CodePriors.folder(dir).resolve(Manifest.FILE).toFile(), PriorManifest.class);
        double recorded = ((Number) pm.metrics().get("nll_bits_test")).doubleValue();
        try (CodePrior prior = CodePriors.load(dir)) {
            int[] any = new int[testCodes.length];
            java.util.Arrays.fill(any, CodePrior.ANY_CLASS);
            double measured = java.util.Arrays.stream(prior.nllBits(testCodes, any)).average().orElse(Double.NaN);
            boolean ok = Math.abs(measured - recorded) <= 0.05;
            System.out.printf("%s: prior files ok, test NLL %.2f bits per code (manifest %.2f, uniform %d) %s%n", pm.name(),
                    measured, recorded, pm.bits(), ok ? "OK" : "MISMATCH");
            return ok;
        }
    }

    private static List<Path> zooAutoencoders(Path zoo) throws java.io.IOException {
        try (var dirs = java.nio.file.Files.list(zoo)) {
            return dirs.filter(d -> d.getFileName().toString().matches("(dmz|baseline)-.*")).sorted().toList();
        }
    }
}
