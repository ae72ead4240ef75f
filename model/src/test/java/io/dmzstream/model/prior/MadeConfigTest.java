package io.dmzstream.model.prior;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class MadeConfigTest {

    /** paths[j][k] = number of connection paths from input bit j to logit k through the masks. */
    private static double[][] paths(MadeConfig c) {
        int d = c.bits();
        int h = c.hidden();
        float[] in = c.inputMask();
        float[] mid = c.hiddenMask();
        float[] out = c.outputMask();
        float[] direct = c.directMask();
        double[][] reach = new double[d][h];
        for (int j = 0; j < d; j++) {
            for (int u = 0; u < h; u++) {
                reach[j][u] = in[j * h + u];
            }
        }
        for (int layer = 1; layer < c.hiddenLayers(); layer++) {
            double[][] next = new double[d][h];
            for (int j = 0; j < d; j++) {
                for (int a = 0; a < h; a++) {
                    for (int b = 0; b < h; b++) {
                        next[j][b] += reach[j][a] * mid[a * h + b];
                    }
                }
            }
            reach = next;
        }
        double[][] p = new double[d][d];
        for (int j = 0; j < d; j++) {
            for (int k = 0; k < d; k++) {
                for (int u = 0; u < h; u++) {
                    p[j][k] += reach[j][u] * out[u * d + k];
                }
                p[j][k] += direct[j * d + k];
            }
        }
        return p;
    }

    @ParameterizedTest
    @CsvSource({"8,16,1", "8,16,2", "5,3,1", "5,3,2", "1,4,1", "64,512,1"})
    void logitKSeesExactlyTheBitsBeforeIt(int bits, int hidden, int layers) {
        double[][] p = paths(new MadeConfig(bits, hidden, layers, 1));
        for (int j = 0; j < bits; j++) {
            for (int k = 0; k < bits; k++) {
                if (j < k) {
                    // the direct connection alone guarantees this; hidden paths must exist too when there are enough units
                    assertEquals(true, p[j][k] >= 1, "bit " + j + " must reach logit " + k);
                    if (hidden >= bits - 1) {
                        assertEquals(true, p[j][k] >= 2, "bit " + j + " must reach logit " + k + " through the hidden layer");
                    }
                } else {
                    assertEquals(0.0, p[j][k], "bit " + j + " must not reach logit " + k);
                }
            }
        }
    }

    @ParameterizedTest
    @CsvSource({"0,8,1,1", "8,0,1,1", "8,8,3,1", "8,8,1,0"})
    void rejectsImpossibleShapes(int bits, int hidden, int layers, int classes) {
        assertThrows(IllegalArgumentException.class, () -> new MadeConfig(bits, hidden, layers, classes));
    }
}
