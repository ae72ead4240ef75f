package io.dmzstream.topology.command;

import io.dmzstream.model.serving.ModelInfo;
import io.dmzstream.schemas.LatentCommandKind;

/**
 * The images a command makes, from index {@code first} on (a command restored after a crash plans
 * only what it has not produced yet): for each, the code to decode and the decoder's seed.
 *
 * @param model  the model that decodes (the domain's)
 * @param prior  {@code name:version} of the prior the codes were drawn from; null for INTERPOLATE
 * @param label  the class asked for; null when none
 * @param total  images of the whole command
 * @param codes  row i - first: the code of image i
 * @param seeds  row i - first: the decoder seed of image i
 */
public record SamplePlan(String commandId, LatentCommandKind kind, String domain, ModelInfo model, String prior,
                         Integer label, int steps, int total, int first, float[][] codes, long[] seeds) {
    public SamplePlan {
        if (first < 0 || first > total || codes.length != total - first || seeds.length != codes.length) {
            throw new IllegalArgumentException("a plan holds the images first.." + (total - 1) + ", one code and seed each");
        }
    }

    public float[] code(int index) {
        return codes[index - first];
    }

    public long seed(int index) {
        return seeds[index - first];
    }
}
