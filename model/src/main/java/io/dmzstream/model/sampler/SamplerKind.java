package io.dmzstream.model.sampler;

/** The reverse-process samplers on offer. */
public enum SamplerKind {
    /** Respaced ancestral DDPM with the posterior variance (the paper's default sampler). */
    DDPM,
    /** Deterministic DDIM (eta = 0); the paper notes it suits models trained without input perturbation. */
    DDIM;

    public static SamplerKind parse(String name) {
        try {
            return valueOf(name.trim().toUpperCase(java.util.Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unknown sampler '" + name + "' (expected ddpm or ddim)");
        }
    }
}
