package io.dmzstream.topology.command;

import io.dmzstream.schemas.LatentCode;
import io.dmzstream.topology.output.OutputEvents;
import java.nio.ByteBuffer;

/** Codes between their published layout (LatentCode: d bits packed 8 a byte, MSB first) and the models' floats. */
final class LatentCodes {
    private LatentCodes() {
    }

    static LatentCode pack(float[] bits) {
        return LatentCode.newBuilder().setBits(ByteBuffer.wrap(OutputEvents.packBits(bits))).setD(bits.length).build();
    }

    /** @throws IllegalArgumentException when the bytes cannot hold exactly d bits */
    static float[] unpack(LatentCode code) {
        ByteBuffer b = code.getBits().duplicate();
        int d = code.getD();
        if (d < 1 || b.remaining() != (d + 7) / 8) {
            throw new IllegalArgumentException("code states d = " + d + " but carries " + b.remaining() + " bytes");
        }
        byte[] packed = new byte[b.remaining()];
        b.get(packed);
        float[] bits = new float[d];
        for (int i = 0; i < d; i++) {
            bits[i] = (packed[i / 8] & (0x80 >>> (i % 8))) != 0 ? 1f : 0f;
        }
        return bits;
    }
}
