package io.dmzstream.model.serving;

import io.dmzstream.model.schedule.NoiseSchedule;
import java.util.List;

/**
 * What a caller needs to know about a loaded model: identity (stamped on every output), image
 * shape, code size and the diffusion schedule the denoiser was trained with.
 *
 * @param name        zoo name, e.g. {@code dmz-mnist}
 * @param version     model version, e.g. {@code 1.0.0}
 * @param dataset     the domain the model was trained on ({@code mnist}, {@code fashion}, {@code edges})
 * @param height      image height in pixels
 * @param width       image width in pixels
 * @param channels    image channels
 * @param bits        code size d
 * @param timesteps   training timesteps T
 * @param schedule    noise schedule kind
 * @param labels      class names, index = class id (empty when the model has no label head)
 */
public record ModelInfo(String name, String version, String dataset, int height, int width, int channels,
                        int bits, int timesteps, NoiseSchedule.Kind schedule, List<String> labels) {
    public ModelInfo {
        labels = List.copyOf(labels);
    }

    public int pixels() {
        return height * width * channels;
    }

    public NoiseSchedule noiseSchedule() {
        return NoiseSchedule.of(schedule, timesteps);
    }

    /** {@code name:version}, the form stamped on outputs. */
    public String id() {
        return name + ":" + version;
    }
}
