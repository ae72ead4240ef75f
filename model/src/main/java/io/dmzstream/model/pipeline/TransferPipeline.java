package io.dmzstream.model.pipeline;

import io.dmzstream.model.network.BitThreshold;
import io.dmzstream.model.sampler.SamplerKind;
import io.dmzstream.model.serving.CodeBridge;
import io.dmzstream.model.serving.DmzModel;

/**
 * Domain transfer as the paper does image-to-image: encode in the source domain, map the code with
 * the bridge, threshold to bits, decode with the target domain's model.
 */
public final class TransferPipeline {
    private final DmzModel source;
    private final CodeBridge bridge;
    private final DecodePipeline decoder;

    public TransferPipeline(DmzModel source, CodeBridge bridge, DmzModel target, SamplerKind sampler) {
        if (!bridge.sourceDomain().equals(source.info().dataset()) || !bridge.targetDomain().equals(target.info().dataset())) {
            throw new IllegalArgumentException("bridge " + bridge.name() + " maps " + bridge.sourceDomain() + " -> "
                    + bridge.targetDomain() + ", not " + source.info().dataset() + " -> " + target.info().dataset());
        }
        this.source = source;
        this.bridge = bridge;
        this.decoder = new DecodePipeline(target, target.sampler(sampler));
    }

    /** Target-domain bits for source images. */
    public float[][] targetCodes(float[][] sourceImages) {
        return BitThreshold.bits(bridge.translate(source.encode(sourceImages).probabilities()));
    }

    public float[][] transfer(float[][] sourceImages, int steps, long[] seeds) {
        return decoder.decode(targetCodes(sourceImages), steps, seeds);
    }
}
