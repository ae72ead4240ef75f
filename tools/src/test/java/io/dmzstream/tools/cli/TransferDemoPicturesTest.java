package io.dmzstream.tools.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.dmzstream.topology.output.PngEncoder;
import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;

/** The transfer demo names its zoo pair and draws colour outputs in colour. */
class TransferDemoPicturesTest {

    @Test
    void pairNamesTheModelsTheBridgeAndItsOwnGrid() {
        TransferPair pair = TransferPair.parse("mnist->mnistm");
        assertEquals("dmz-mnist,dmz-mnistm", pair.models());
        assertEquals("bridge-mnist-mnistm", pair.bridge());
        assertEquals("docs/demo-transfer-mnist-mnistm-grid.png", pair.gridFile());
        assertEquals("docs/demo-transfer-grid.png", TransferPair.parse("edges:fashion").gridFile());
        assertThrows(IllegalArgumentException.class, () -> TransferPair.parse("mnist"));
        assertThrows(IllegalArgumentException.class, () -> TransferPair.parse("mnist->mnist"));
    }

    @Test
    void anRgbOutputKeepsItsThreeChannels() throws Exception {
        // 1 x 2 pixels: pure red, then pure blue, in model units [-1, 1]
        float[] rgb = {1f, -1f, -1f, -1f, -1f, 1f};
        byte[] png = PngEncoder.encode(rgb, 2, 1, 3);
        DemoRun.Picture picture = DemoRun.pixels(ByteBuffer.wrap(png));
        assertEquals(3, picture.channels());
        assertEquals(1, picture.height());
        assertEquals(2, picture.width());
        assertArrayEquals(rgb, picture.pixels(), 1e-6f);
    }
}
