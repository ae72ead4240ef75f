package io.dmzstream.tools.load;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dmzstream.model.data.Dataset;
import io.dmzstream.schemas.ImageEvent;
import io.dmzstream.schemas.ImageFormat;
import io.dmzstream.schemas.OutputKind;
import io.dmzstream.topology.validation.ImageDecoder;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Producers send images at their own size and channels: colour datasets and folders of PNG and JPEG files. */
class ImageSourceTest {
    @TempDir
    Path dir;

    private static Dataset colour() {
        // two 6 high x 8 wide RGB images
        byte[] px = new byte[2 * 6 * 8 * 3];
        for (int i = 0; i < px.length; i++) {
            px[i] = (byte) (i * 37);
        }
        return new Dataset("mnistm", Dataset.Split.TEST, 6, 8, 3, px, new byte[] {4, 7}, List.of());
    }

    private static final Publisher.Request LATENT = new Publisher.Request(List.of(OutputKind.LATENT), null, null, null);

    @Test
    void aColourDatasetIsSentAsRgbInEveryFormat() throws IOException {
        Dataset data = colour();
        ImageSource.Item png = ImageSource.dataset(data, ImageFormat.PNG).get(1);
        assertEquals(3, png.channels());
        assertArrayEquals(data.image(1), ImageDecoder.png(png.bytes(), 8, 6, 3), 0f);
        ImageEvent event = Publisher.event(png, LATENT, "mnistm");
        assertEquals(8, event.getWidth());
        assertEquals(6, event.getHeight());
        assertEquals(3, event.getChannels());
        assertEquals("7", event.getAttributes().get("label"));

        ImageSource.Item raw = ImageSource.dataset(data, ImageFormat.RAW_U8).get(0);
        assertArrayEquals(data.imageBytes(0), raw.bytes());
        assertEquals(3, Publisher.event(raw, LATENT, "mnistm").getChannels());

        ImageSource.Item jpeg = ImageSource.dataset(data, ImageFormat.JPEG).get(0);
        assertEquals(ImageFormat.JPEG, jpeg.format());
        BufferedImage read = ImageIO.read(new ByteArrayInputStream(jpeg.bytes()));
        assertEquals(8, read.getWidth());
        assertEquals(6, read.getHeight());
        assertEquals(3, read.getColorModel().getNumColorComponents());
    }

    @Test
    void aFolderSendsItsFilesAsTheyAre() throws IOException {
        Path folder = Files.createDirectories(dir.resolve("photos"));
        BufferedImage grey = new BufferedImage(40, 30, BufferedImage.TYPE_BYTE_GRAY);
        BufferedImage rgb = new BufferedImage(16, 12, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = rgb.createGraphics();
        g.setColor(Color.ORANGE);
        g.fillRect(0, 0, 16, 12);
        g.dispose();
        ImageIO.write(grey, "png", folder.resolve("a.png").toFile());
        ImageIO.write(rgb, "jpg", folder.resolve("b.jpeg").toFile());
        Files.writeString(folder.resolve("notes.txt"), "not an image");

        ImageSource source = ImageSource.open(folder.toString(), ImageFormat.RAW_U8);
        assertEquals(2, source.size());
        assertEquals("photos", source.domain());
        ImageSource.Item a = source.get(0);
        assertEquals("a", a.id());
        assertEquals(ImageFormat.PNG, a.format());
        assertEquals(List.of(40, 30, 1), List.of(a.width(), a.height(), a.channels()));
        assertEquals(40 * 30, a.pixels().length);
        ImageSource.Item b = source.get(1);
        assertEquals(ImageFormat.JPEG, b.format());
        assertEquals(List.of(16, 12, 3), List.of(b.width(), b.height(), b.channels()));
        assertArrayEquals(Files.readAllBytes(folder.resolve("b.jpeg")), b.bytes());
        ImageEvent event = Publisher.event(b, LATENT, source.domain());
        assertEquals(ImageFormat.JPEG, event.getFormat());
        assertEquals(3, event.getChannels());
        assertTrue(event.getAttributes().isEmpty(), "no true label");
    }
}
