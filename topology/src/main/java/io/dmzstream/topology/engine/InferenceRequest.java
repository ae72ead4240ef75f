package io.dmzstream.topology.engine;

import java.util.EnumSet;
import java.util.Set;

/**
 * One image for the engine, already validated and decoded.
 *
 * @param domain       the source domain; selects the encoding model
 * @param image        row-major H*W*C pixels in [-1, 1]
 * @param products     what to produce; never empty
 * @param steps        decode steps K for reconstruction and transfer
 * @param targetDomain the transfer target (null unless TRANSFER is requested)
 * @param seed         decode noise seed; callers derive it so a replay is byte-identical
 */
public record InferenceRequest(String domain, float[] image, Set<Product> products, int steps,
                               String targetDomain, long seed) {
    public InferenceRequest {
        if (products.isEmpty()) {
            throw new IllegalArgumentException("a request must ask for at least one product");
        }
        products = Set.copyOf(EnumSet.copyOf(products));
        if (products.contains(Product.TRANSFER) && targetDomain == null) {
            throw new IllegalArgumentException("TRANSFER needs a target domain");
        }
        if (products.contains(Product.SAMPLE) && products.size() > 1) {
            throw new IllegalArgumentException("SAMPLE is a decode of a given code: it takes no other product");
        }
        if ((products.contains(Product.RECONSTRUCTION) || products.contains(Product.TRANSFER)
                || products.contains(Product.SAMPLE)) && steps < 1) {
            throw new IllegalArgumentException("decode steps must be >= 1, got " + steps);
        }
    }

    /** A decode of a code given with the request (no image): what {@link InferenceEngine#decode} submits. */
    public static InferenceRequest sample(String domain, int steps, long seed) {
        return new InferenceRequest(domain, new float[0], Set.of(Product.SAMPLE), steps, null, seed);
    }

    public boolean wants(Product product) {
        return products.contains(product);
    }
}
