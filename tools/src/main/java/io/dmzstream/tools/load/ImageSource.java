package io.dmzstream.tools.load;

import io.dmzstream.model.data.Dataset;
import io.dmzstream.model.data.Datasets;
import io.dmzstream.model.data.ImageFit;
import io.dmzstream.model.data.PixelScale;
import io.dmzstream.schemas.ImageFormat;
import io.dmzstream.topology.output.PngEncoder;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.MemoryCacheImageOutputStream;

/**
 * Images to publish: a test split of a dataset (mnist, fashion, edges, mnistm) or a folder of PNG
 * and JPEG files, at their own size and channels.
 */
public interface ImageSource {
    /**
     * One image ready for an ImageEvent; {@code label} is the true class or -1; {@code pixels} are
     * the image's own H*W*C values in [-1, 1].
     */
    public record Item(String id, byte[] bytes, ImageFormat format, int width, int height, int channels, int label,
                       float[] pixels) {
        /** The same image without its true class. */
        public Item unlabelled() {
            return new Item(id, bytes, format, width, height, channels, -1, pixels);
        }
    }

    int size();

    String domain();

    Item get(int index);

    public static ImageSource open(String source, ImageFormat format) {
        Path folder = Path.of(source);
        if (Files.isDirectory(folder)) {
            return folder(folder);
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
                int c = data.channels();
                byte[] bytes = switch (format) {
                    case PNG -> PngEncoder.encode(px, data.width(), data.height(), c);
                    case JPEG -> jpeg(px, data.width(), data.height(), c);
                    case RAW_U8 -> data.imageBytes(i);
                };
                return new Item(data.name() + "-" + i, bytes, format, data.width(), data.height(), c, data.label(i), px);
            }
        };
    }

    /** The PNG and JPEG files directly in {@code folder}, sent as they are; the domain is the folder's name. */
    public static ImageSource folder(Path folder) {
        List<Path> files;
        try (Stream<Path> s = Files.list(folder)) {
            files = s.filter(p -> formatOf(p) != null).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (files.isEmpty()) {
            throw new IllegalArgumentException("no .png, .jpg or .jpeg files in " + folder);
        }
        String domain = folder.toAbsolutePath().normalize().getFileName().toString();
        return new ImageSource() {
            public int size() {
                return files.size();
            }

            public String domain() {
                return domain;
            }

            public Item get(int i) {
                Path file = files.get(i);
                try {
                    byte[] bytes = Files.readAllBytes(file);
                    BufferedImage img = ImageIO.read(new ByteArrayInputStream(bytes));
                    if (img == null) {
                        throw new IllegalArgumentException(file + " is not a readable image");
                    }
                    int w = img.getWidth();
                    int h = img.getHeight();
                    int c = ImageFit.channelsOf(img);
                    float[] px = toModel(ImageFit.fit(img, w, h, c));
                    String name = file.getFileName().toString();
                    return new Item(name.substring(0, name.lastIndexOf('.')), bytes, formatOf(file), w, h, c, -1, px);
                } catch (IOException e) {
                    throw new UncheckedIOException("cannot read " + file, e);
                }
            }
        };
    }

    private static ImageFormat formatOf(Path file) {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        return name.endsWith(".png") ? ImageFormat.PNG
                : name.endsWith(".jpg") || name.endsWith(".jpeg") ? ImageFormat.JPEG : null;
    }

    private static float[] toModel(byte[] u8) {
        float[] out = new float[u8.length];
        for (int i = 0; i < u8.length; i++) {
            out[i] = PixelScale.toModel(u8[i]);
        }
        return out;
    }

    /** Baseline JPEG of model-unit pixels (quality 0.95). */
    private static byte[] jpeg(float[] pixels, int width, int height, int channels) {
        try {
            BufferedImage img = ImageIO.read(new ByteArrayInputStream(PngEncoder.encode(pixels, width, height, channels)));
            ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
            ImageWriteParam param = writer.getDefaultWriteParam();
            param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
            param.setCompressionQuality(0.95f);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            try (MemoryCacheImageOutputStream stream = new MemoryCacheImageOutputStream(out)) {
                writer.setOutput(stream);
                writer.write(null, new IIOImage(img, null, null), param);
            } finally {
                writer.dispose();
            }
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
