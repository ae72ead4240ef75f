package io.dmzstream.model.network;

/**
 * Shape of the DMZ networks.
 *
 * @param bits          code size d
 * @param baseChannels  U-Net channels at full resolution (x2 at 14x14, x3 at 7x7)
 * @param encoderWidth  encoder channels at full resolution (x2, x4 further down)
 * @param groups        GroupNorm groups
 * @param conditioned   true for DMZ; false for the matched-capacity baseline, whose denoiser gets a
 *                      constant all-ones token instead of z (same weights, same compute)
 * @param height        image height
 * @param width         image width
 */
public record NetworkConfig(int bits, int baseChannels, int encoderWidth, int groups, boolean conditioned,
                            int height, int width) {
    public NetworkConfig {
        if (bits < 1) {
            throw new IllegalArgumentException("bits must be >= 1");
        }
        if (baseChannels % groups != 0) {
            throw new IllegalArgumentException("baseChannels must be a multiple of groups");
        }
    }

    public static NetworkConfig defaults(int bits, boolean conditioned) {
        return new NetworkConfig(bits, 32, 32, 8, conditioned, 28, 28);
    }
}
