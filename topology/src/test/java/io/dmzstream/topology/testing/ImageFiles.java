package io.dmzstream.topology.testing;

import io.dmzstream.schemas.ImageEvent;
import io.dmzstream.schemas.ImageFormat;
import io.dmzstream.schemas.OutputKind;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;
import java.util.zip.CRC32;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.MemoryCacheImageOutputStream;

/** Image files of any size and colour for validation tests: PNG and baseline JPEG, and headers that lie. */
public final class ImageFiles {
    private ImageFiles() {
    }

    /** Grey, white left of {@code split} and black from it on (a pattern a centre crop must keep). */
    public static BufferedImage greySplit(int width, int height, int split) {
        BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_BYTE_GRAY);
        Graphics2D g = img.createGraphics();
        g.setColor(Color.BLACK);
        g.fillRect(0, 0, width, height);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, split, height);
        g.dispose();
        return img;
    }

    /** Colour: red top half, blue bottom half. */
    public static BufferedImage redOverBlue(int width, int height) {
        BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setColor(Color.RED);
        g.fillRect(0, 0, width, height / 2);
        g.setColor(Color.BLUE);
        g.fillRect(0, height / 2, width, height - height / 2);
        g.dispose();
        return img;
    }

    public static byte[] png(BufferedImage img) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            ImageIO.write(img, "png", out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** Baseline JPEG at quality 0.95. */
    public static byte[] jpeg(BufferedImage img) {
        ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
        ImageWriteParam param = writer.getDefaultWriteParam();
        param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
        param.setCompressionQuality(0.95f);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (MemoryCacheImageOutputStream stream = new MemoryCacheImageOutputStream(out)) {
            writer.setOutput(stream);
            writer.write(null, new IIOImage(img, null, null), param);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            writer.dispose();
        }
        return out.toByteArray();
    }

    /** The PNG with its IHDR claiming {@code width x height} (CRC fixed, so only the pixel data disagree). */
    public static byte[] withPngSize(byte[] png, int width, int height) {
        byte[] out = png.clone();
        ByteBuffer b = ByteBuffer.wrap(out);
        b.putInt(16, width).putInt(20, height);
        CRC32 crc = new CRC32();
        crc.update(out, 12, 17); // chunk type + 13 data bytes
        b.putInt(29, (int) crc.getValue());
        return out;
    }

    /** The JPEG with its baseline frame header (SOF0) claiming {@code width x height}. */
    public static byte[] withJpegSize(byte[] jpeg, int width, int height) {
        byte[] out = jpeg.clone();
        for (int i = 2; i + 8 < out.length; i++) {
            if ((out[i] & 0xff) == 0xff && (out[i + 1] & 0xff) == 0xc0) {
                ByteBuffer.wrap(out).putShort(i + 5, (short) height).putShort(i + 7, (short) width);
                return out;
            }
        }
        throw new IllegalArgumentException("no SOF0 marker: not a baseline JPEG");
    }

    /** An event carrying {@code bytes} as it states them. */
    public static ImageEvent.Builder event(String id, String domain, ImageFormat format, byte[] bytes,
                                           int width, int height, int channels, OutputKind... outputs) {
        return ImageEvent.newBuilder().setId(id).setDomain(domain).setFormat(format).setImage(ByteBuffer.wrap(bytes))
                .setWidth(width).setHeight(height).setChannels(channels)
                .setOutputs(outputs.length == 0 ? List.of(OutputKind.LATENT) : Arrays.asList(outputs));
    }

    /** {@code img} as RAW_U8 bytes, row-major, channels interleaved R, G, B. */
    public static byte[] raw(BufferedImage img, int channels) {
        int w = img.getWidth();
        int h = img.getHeight();
        byte[] out = new byte[w * h * channels];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int rgb = img.getRGB(x, y);
                int base = (y * w + x) * channels;
                if (channels == 1) {
                    out[base] = (byte) img.getRaster().getSample(x, y, 0);
                } else {
                    out[base] = (byte) (rgb >> 16);
                    out[base + 1] = (byte) (rgb >> 8);
                    out[base + 2] = (byte) rgb;
                }
            }
        }
        return out;
    }
}
