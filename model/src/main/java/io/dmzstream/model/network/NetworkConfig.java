package io.dmzstream.model.network;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.ArrayList;
import java.util.List;

/**
 * Shape of the DMZ networks, stored in every model's manifest so serving and re-export rebuild the
 * exact same graph. Everything resolution-dependent (U-Net levels, encoder downsamplings) is
 * derived once by {@link #of} and then stored, so a later change of the derivation rule cannot
 * change a trained model.
 *
 * @param bits               code size d
 * @param baseChannels       U-Net channels at full resolution
 * @param encoderWidth       encoder channels at full resolution (x2, then x4 further down)
 * @param groups             GroupNorm groups
 * @param conditioned        true for DMZ; false for the matched-capacity baseline, whose denoiser gets a
 *                           constant all-ones token instead of z (same weights, same compute)
 * @param height             image height
 * @param width              image width
 * @param channels           image channels: 1 (grey) or 3 (RGB)
 * @param channelMultipliers U-Net channels per level as multiples of {@code baseChannels}; entry 0 is full
 *                           resolution, each further entry one stride-2 downsampling (so levels = size - 1)
 * @param encoderDownsamples stride-2 convolutions in the encoder before its dense layers
 */
public record NetworkConfig(
        @JsonProperty("bits") int bits,
        @JsonProperty("base_channels") int baseChannels,
        @JsonProperty("encoder_width") int encoderWidth,
        @JsonProperty("groups") int groups,
        @JsonProperty("conditioned") boolean conditioned,
        @JsonProperty("height") int height,
        @JsonProperty("width") int width,
        @JsonProperty("channels") int channels,
        @JsonProperty("channel_multipliers") List<Integer> channelMultipliers,
        @JsonProperty("encoder_downsamples") int encoderDownsamples) {

    /** The U-Net stops downsampling once the smaller side is at most this (28 -> 14 -> 7, 32 -> 16 -> 8). */
    static final int UNET_MIN_SIDE = 8;
    /** The encoder stops once the larger side is at most this (28 -> 4, 32 -> 4, 64 -> 4). */
    static final int ENCODER_MAX_SIDE = 4;

    public NetworkConfig {
        if (bits < 1) {
            throw new IllegalArgumentException("bits must be >= 1");
        }
        if (groups < 1 || baseChannels % groups != 0) {
            throw new IllegalArgumentException("baseChannels must be a multiple of groups");
        }
        if (height < 4 || width < 4) {
            throw new IllegalArgumentException("images must be at least 4x4, got " + width + "x" + height);
        }
        if (channels != 1 && channels != 3) {
            throw new IllegalArgumentException("channels must be 1 (grey) or 3 (RGB), got " + channels);
        }
        channelMultipliers = List.copyOf(channelMultipliers);
        if (channelMultipliers.size() < 2 || channelMultipliers.get(0) != 1) {
            throw new IllegalArgumentException("channel multipliers must start with 1 and have at least one downsampled level: "
                    + channelMultipliers);
        }
        for (int m : channelMultipliers) {
            if (m < 1 || (m * baseChannels) % groups != 0) {
                throw new IllegalArgumentException("bad channel multiplier " + m + " in " + channelMultipliers);
            }
        }
        if (encoderDownsamples < 1) {
            throw new IllegalArgumentException("encoderDownsamples must be >= 1");
        }
    }

    /** A network for H x W x C images with levels and multipliers derived from the resolution. */
    public static NetworkConfig of(int bits, int baseChannels, int encoderWidth, int groups, boolean conditioned,
                                   int height, int width, int channels) {
        return new NetworkConfig(bits, baseChannels, encoderWidth, groups, conditioned, height, width, channels,
                multipliersFor(height, width), encoderDownsamplesFor(height, width));
    }

    /**
     * 1, 2, 3, 4, ... (capped at 4) per level, one level per halving while the smaller side is above
     * {@value #UNET_MIN_SIDE}: 28x28 and 32x32 get [1, 2, 3] (three levels, as the first zoo models), 64x64 [1, 2, 3, 4].
     */
    static List<Integer> multipliersFor(int height, int width) {
        List<Integer> m = new ArrayList<>(List.of(1));
        int side = Math.min(height, width);
        do {
            side = (side + 1) / 2;
            m.add(Math.min(4, m.size() + 1));
        } while (side > UNET_MIN_SIDE);
        return m;
    }

    static int encoderDownsamplesFor(int height, int width) {
        int side = Math.max(height, width);
        int n = 0;
        do {
            side = (side + 1) / 2;
            n++;
        } while (side > ENCODER_MAX_SIDE);
        return n;
    }

    /** Number of stride-2 downsamplings in the U-Net. */
    public int levels() {
        return channelMultipliers.size() - 1;
    }

    /** Values per image: H * W * C. */
    public int pixels() {
        return height * width * channels;
    }

    /** [H, W, C]. */
    public List<Integer> imageShape() {
        return List.of(height, width, channels);
    }

    /** The image shape the way model cards and errors print it, e.g. {@code 32x32 RGB}. */
    public String describeImage() {
        return width + "x" + height + (channels == 1 ? " grey-scale" : " RGB");
    }
}
