package io.dmzstream.model.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runs on the real MNIST / Fashion-MNIST files fetched by ops/fetch-datasets.sh. */
class DatasetsTest {

    @Test
    void mnistHasTheKnownShapeAndFirstLabels() {
        Dataset train = Datasets.load("mnist", Dataset.Split.TRAIN);
        Dataset test = Datasets.load("mnist", Dataset.Split.TEST);
        assertEquals(60000, train.size());
        assertEquals(10000, test.size());
        assertEquals(28, train.height());
        assertEquals(28, train.width());
        // well-known first labels of the MNIST training and test sets
        assertEquals(5, train.label(0));
        assertEquals(0, train.label(1));
        assertEquals(7, test.label(0));
        int[] counts = new int[10];
        for (int i = 0; i < train.size(); i++) {
            counts[train.label(i)]++;
        }
        assertEquals(6742, counts[1], "ones in MNIST train");
        float[] img = train.image(0);
        for (float v : img) {
            assertTrue(v >= -1f && v <= 1f);
        }
    }

    @Test
    void fashionIsBalancedWithTenNamedClasses() {
        Dataset train = Datasets.load("fashion", Dataset.Split.TRAIN);
        assertEquals(60000, train.size());
        assertEquals("ankle boot", train.classNames().get(train.label(0)));
        int[] counts = new int[10];
        for (int i = 0; i < train.size(); i++) {
            counts[train.label(i)]++;
        }
        for (int c : counts) {
            assertEquals(6000, c);
        }
    }

    @Test
    void edgesArePairedOneToOneWithFashion() {
        Dataset fashion = Datasets.load("fashion", Dataset.Split.TEST);
        Dataset edges = Datasets.load("edges", Dataset.Split.TEST);
        assertEquals(fashion.size(), edges.size());
        for (int i = 0; i < 100; i++) {
            assertEquals(fashion.label(i), edges.label(i));
        }
        // an edge map is dark where the garment is flat: fewer bright pixels than the garment itself
        int bright = 0;
        int brightEdges = 0;
        for (int i = 0; i < fashion.pixelsPerImage(); i++) {
            bright += (fashion.imageBytes(0)[i] & 0xff) > 128 ? 1 : 0;
            brightEdges += (edges.imageBytes(0)[i] & 0xff) > 128 ? 1 : 0;
        }
        assertTrue(brightEdges > 0 && brightEdges < bright, brightEdges + " vs " + bright);
    }

    @Test
    void sobelOfASquareLightsUpItsBorderOnly() {
        byte[] px = new byte[28 * 28];
        for (int y = 8; y < 20; y++) {
            for (int x = 8; x < 20; x++) {
                px[y * 28 + x] = (byte) 255;
            }
        }
        Dataset square = new Dataset("t", Dataset.Split.TEST, 28, 28, px, new byte[]{3}, Datasets.FASHION_CLASSES);
        Dataset e = SobelEdges.of(square);
        assertEquals(0, e.imageBytes(0)[14 * 28 + 14] & 0xff, "flat interior has no edge");
        assertEquals(0, e.imageBytes(0)[2 * 28 + 2] & 0xff, "flat background has no edge");
        assertTrue((e.imageBytes(0)[14 * 28 + 8] & 0xff) > 100, "border is an edge");
        assertEquals(3, e.label(0));
    }

    @Test
    void idxReaderReadsGzipAndRejectsTruncatedFiles(@TempDir Path dir) throws IOException {
        byte[] header = {0, 0, 8, 3, 0, 0, 0, 2, 0, 0, 0, 2, 0, 0, 0, 2};
        byte[] full = new byte[header.length + 8];
        System.arraycopy(header, 0, full, 0, header.length);
        for (int i = 0; i < 8; i++) {
            full[header.length + i] = (byte) i;
        }
        Path gz = dir.resolve("ok.gz");
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(gz))) {
            out.write(full);
        }
        IdxReader.IdxArray a = IdxReader.read(gz);
        assertEquals(2, a.count());
        assertEquals(4, a.elementSize());
        assertEquals(7, a.data()[7]);

        Path truncated = dir.resolve("short");
        Files.write(truncated, java.util.Arrays.copyOf(full, full.length - 3));
        IOException e = assertThrows(IOException.class, () -> IdxReader.read(truncated));
        assertTrue(e.getMessage().contains("truncated"), e.getMessage());

        Path notIdx = dir.resolve("png");
        Files.write(notIdx, new byte[]{(byte) 0x89, 'P', 'N', 'G', 0, 0, 0, 0});
        assertThrows(IOException.class, () -> IdxReader.read(notIdx));
    }

    @Test
    void missingDatasetNamesTheFetchScript(@TempDir Path empty) {
        var e = assertThrows(IllegalStateException.class, () -> Datasets.load(empty, "mnist", Dataset.Split.TRAIN));
        assertTrue(e.getMessage().contains("fetch-datasets.sh"), e.getMessage());
    }
}
