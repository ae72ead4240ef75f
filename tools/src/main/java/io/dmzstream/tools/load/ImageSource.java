package io.dmzstream.tools.load;

import io.dmzstream.model.data.Dataset;
import io.dmzstream.model.data.Datasets;
import io.dmzstream.model.data.PixelScale;
import io.dmzstream.schemas.ImageFormat;
import io.dmzstream.topology.output.PngEncoder;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import javax.imageio.ImageIO;

/** Images to publish: a test split of a dataset (mnist, fashion, edges) or a folder of PNG files. */
public interface ImageSource {
    /** One image ready for an ImageEvent; {@code label} is the true class or -1. */
    public record Item(String id, byte[] bytes, ImageFormat format, int width, int height, int label, float[] pixels) {
    }

    int size();

    String domain();

    Item get(int index);

    public static ImageSource open(String source, ImageFormat format) {
        Path folder = Path.of(source);
        if (Files.isDirectory(folder)) {
            return pngFolder(folder);
        }
        return dataset(Datasets.load(source, Dataset.Split.TEST), format);
    }

    public static ImageSource dataset(Dataset data, ImageFormat format) {
        return new ImageSource() {
            public int size() {
                return data.size();
            }

            public String domain() {
                return data.name();
            }

            public Item get(int i) {
                float[] px = data.image(i);
                byte[] bytes = format == ImageFormat.PNG ? PngEncoder.encode(px, data.width(), data.height(), 1)
                        : data.imageBytes(i);
                return new Item(data.name() + "-" + i, bytes, format, data.width(), data.height(), data.label(i), px);
            }
        };
    }

    public static ImageSource pngFolder(Path folder) {
        List<Path> files;
        try (Stream<Path> s = Files.list(folder)) {
            files = s.filter(p -> p.toString().toLowerCase().endsWith(".png")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new ImageSource() {
            public int size() {
                return files.size();
            }

            public String domain() {
                return "mnist";
            }

            public Item get(int i) {
                try {
                    byte[] bytes = Files.readAllBytes(files.get(i));
                    BufferedImage img = ImageIO.read(files.get(i).toFile());
                    int w = img == null ? 0 : img.getWidth();
                    int h = img == null ? 0 : img.getHeight();
                    float[] px = new float[w * h];
                    for (int y = 0; y < h; y++) {
                        for (int x = 0; x < w; x++) {
                            px[y * w + x] = PixelScale.toModel((byte) (img.getRGB(x, y) & 0xff));
                        }
                    }
                    String name = files.get(i).getFileName().toString();
                    return new Item(name.substring(0, name.length() - 4), bytes, ImageFormat.PNG, w, h, -1, px);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        };
    }
}
