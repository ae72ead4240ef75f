package io.dmzstream.topology.validation;

import io.dmzstream.model.data.ImageFit;
import io.dmzstream.schemas.ImageFormat;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.ImageTypeSpecifier;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.MemoryCacheImageInputStream;

/**
 * A PNG or JPEG payload opened with that format's ImageIO reader only (a PNG named JPEG is
 * corrupt, not silently decoded). Width, height and colour channels come from the header without
 * decoding a pixel, so limits and shapes are checked before anything the size of the image is
 * allocated: a small file may declare a huge image. {@link #decode()} then reads the pixels.
 */
final class EncodedImage implements AutoCloseable {
    private final ImageFormat format;
    private final ImageReader reader;
    private final ImageInputStream input;
    private final int width;
    private final int height;
    private final int channels;

    private EncodedImage(ImageFormat format, ImageReader reader, ImageInputStream input) throws IOException {
        this.format = format;
        this.reader = reader;
        this.input = input;
        this.width = reader.getWidth(0);
        this.height = reader.getHeight(0);
        this.channels = channelsOf(headerType(reader));
    }

    /** @throws Rejection {@code corrupt_png} / {@code corrupt_jpeg} when the header cannot be read */
    static EncodedImage open(byte[] bytes, ImageFormat format) {
        String name = switch (format) {
            case PNG -> "png";
            case JPEG -> "jpeg";
            default -> throw new IllegalArgumentException(format + " is not an encoded image format");
        };
        Iterator<ImageReader> readers = ImageIO.getImageReadersByFormatName(name);
        if (!readers.hasNext()) {
            throw new IllegalStateException("no ImageIO reader for " + name);
        }
        ImageReader reader = readers.next();
        ImageInputStream input = null;
        try {
            // in memory: ImageIO.createImageInputStream would cache a byte array in a temporary file
            input = new MemoryCacheImageInputStream(new ByteArrayInputStream(bytes));
            reader.setInput(input, true, true);
            return new EncodedImage(format, reader, input);
        } catch (IOException | RuntimeException e) {
            reader.dispose();
            closeQuietly(input);
            throw corrupt(format, "cannot read the header: " + e.getMessage());
        }
    }

    int width() {
        return width;
    }

    int height() {
        return height;
    }

    /** 1 for grey, 3 for colour (palettes count as colour); alpha does not count. */
    int channels() {
        return channels;
    }

    /** The pixels; a file the reader only warns about (a truncated JPEG it would fill with grey) is corrupt too. */
    BufferedImage decode() {
        List<String> warnings = new ArrayList<>();
        reader.addIIOReadWarningListener((source, warning) -> warnings.add(warning));
        BufferedImage image;
        try {
            image = reader.read(0);
        } catch (IOException | RuntimeException e) {
            throw corrupt(format, "cannot decode: " + e.getMessage());
        }
        if (!warnings.isEmpty()) {
            throw corrupt(format, "is damaged: " + String.join("; ", warnings));
        }
        return image;
    }

    @Override
    public void close() {
        reader.dispose();
        closeQuietly(input);
    }

    static Rejection corrupt(ImageFormat format, String what) {
        return new Rejection(format == ImageFormat.JPEG ? Rejection.CORRUPT_JPEG : Rejection.CORRUPT_PNG,
                format.name() + " " + what);
    }

    /** The image type as the file stores it, read from the header (JPEG may only offer converted types). */
    private static ImageTypeSpecifier headerType(ImageReader reader) throws IOException {
        ImageTypeSpecifier raw = reader.getRawImageType(0);
        if (raw != null) {
            return raw;
        }
        Iterator<ImageTypeSpecifier> types = reader.getImageTypes(0);
        if (!types.hasNext()) {
            throw new IOException("no image type in the header");
        }
        return types.next();
    }

    /** As training counts them ({@link ImageFit#channelsOf}), on a 1x1 image of the header's type: no pixel decoded. */
    private static int channelsOf(ImageTypeSpecifier type) {
        return ImageFit.channelsOf(type.createBufferedImage(1, 1));
    }

    private static void closeQuietly(ImageInputStream in) {
        if (in != null) {
            try {
                in.close();
            } catch (IOException ignored) {
                // a memory stream: nothing to release
            }
        }
    }

    @Override
    public String toString() {
        return format.name().toLowerCase(Locale.ROOT) + " " + width + "x" + height + "x" + channels;
    }
}
