package io.dmzstream.model.cli;

import io.dmzstream.model.data.Dataset;
import io.dmzstream.model.data.Datasets;
import io.dmzstream.model.image.ImageGrid;
import io.dmzstream.model.network.BitThreshold;
import io.dmzstream.model.pipeline.DecodePipeline;
import io.dmzstream.model.sampler.SamplerKind;
import io.dmzstream.model.serving.Codes;
import io.dmzstream.model.serving.DmzModel;
import io.dmzstream.model.serving.DmzModels;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "model-demo", mixinStandardHelpOptions = true,
        description = "Encode, classify and decode a few test images with a zoo model (no Kafka); writes a PNG grid.")
public final class ModelDemoCommand implements Callable<Integer> {
    @Option(names = "--model", defaultValue = "model/zoo/dmz-mnist", description = "zoo folder (default ${DEFAULT-VALUE})")
    Path modelDir;
    @Option(names = "--count", defaultValue = "12")
    int count;
    @Option(names = "--steps", defaultValue = "10", description = "decode steps K")
    int steps;
    @Option(names = "--sampler", defaultValue = "ddpm", description = "ddpm or ddim")
    String sampler;
    @Option(names = "--out", defaultValue = "target/model-demo.png")
    Path out;

    @Override
    public Integer call() throws Exception {
        try (DmzModel model = DmzModels.load(modelDir)) {
            var info = model.info();
            Dataset test = Datasets.load(info.dataset(), Dataset.Split.TEST).head(count);
            float[][] images = new float[test.size()][];
            for (int i = 0; i < images.length; i++) {
                images[i] = test.image(i);
            }
            Codes codes = model.encode(images);
            float[][] classes = model.hasLabelHead() ? model.classify(codes.probabilities()) : null;
            long[] seeds = new long[images.length];
            for (int i = 0; i < seeds.length; i++) {
                seeds[i] = i;
            }
            float[][] recon = new DecodePipeline(model, model.sampler(SamplerKind.parse(sampler)))
                    .decode(codes.bits(), steps, seeds);
            int correct = 0;
            System.out.printf("%s on %d %s test images (K = %d)%n", info.id(), images.length, info.dataset(), steps);
            for (int i = 0; i < images.length && classes == null; i++) {
                System.out.printf("  #%-3d code %s%n", i, bits(codes.bits()[i]));
            }
            for (int i = 0; classes != null && i < images.length; i++) {
                int best = 0;
                for (int c = 1; c < classes[i].length; c++) {
                    if (classes[i][c] > classes[i][best]) {
                        best = c;
                    }
                }
                correct += best == test.label(i) ? 1 : 0;
                System.out.printf("  #%-3d true %-12s predicted %-12s (%.2f)  code %s%n", i, info.labels().get(test.label(i)),
                        info.labels().get(best), classes[i][best], bits(codes.bits()[i]));
            }
            if (classes != null) {
                System.out.printf("accuracy %d/%d%n", correct, images.length);
            }
            new ImageGrid(info.height(), info.width(), info.channels(), 3).addRow(images).addRow(recon).write(out);
            System.out.println("wrote " + out.toAbsolutePath() + " (top: inputs, bottom: reconstructions)");
        }
        return 0;
    }

    private static String bits(float[] code) {
        StringBuilder sb = new StringBuilder();
        for (float b : code) {
            sb.append(BitThreshold.isSet(b) ? '1' : '0');
        }
        return sb.toString();
    }
}
