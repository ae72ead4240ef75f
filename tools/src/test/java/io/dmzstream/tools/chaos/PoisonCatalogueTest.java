package io.dmzstream.tools.chaos;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
import org.junit.jupiter.api.Test;

class PoisonCatalogueTest {
    @Test
    void thePngBombHasAValidHeaderClaimingItsSize() throws Exception {
        byte[] png = PoisonCatalogue.pngClaiming(60_000, 50_000);
        try (ImageInputStream in = ImageIO.createImageInputStream(new ByteArrayInputStream(png))) {
            ImageReader reader = ImageIO.getImageReaders(in).next();
            reader.setInput(in);
            assertEquals(60_000, reader.getWidth(0));
            assertEquals(50_000, reader.getHeight(0));
        }
        // the header's CRC matches, so a reader that checks it still believes the size
        java.util.zip.CRC32 crc = new java.util.zip.CRC32();
        crc.update(png, 12, 17);
        assertEquals((int) crc.getValue(), java.nio.ByteBuffer.wrap(png, 29, 4).getInt());
    }

    @Test
    void everyPillHasADistinctName() {
        var pills = PoisonCatalogue.all(io.dmzstream.topology.output.EventSerdes.withoutRegistry().images().serializer(),
                "t", 4096);
        assertEquals(pills.size(), pills.stream().map(PoisonCatalogue.Pill::name).distinct().count());
        assertTrue(pills.size() >= 20);
    }
}
