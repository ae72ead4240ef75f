package io.dmzstream.model.serving;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;

/**
 * Native memory one predictor input is staged in, reused by every call and grown to the largest
 * batch seen: each row is copied into it once, and the engine copies it once into its tensor
 * (a heap array would take a third copy into a direct buffer first). Owned by one predictor.
 */
final class StagingBuffer {
    private ByteBuffer buffer = allocate(0);

    /** The rows, back to back, as float32 bytes; valid until the next call. */
    ByteBuffer rows(float[][] rows) {
        FloatBuffer out = floats(rows.length * rows[0].length);
        for (float[] row : rows) {
            out.put(row);
        }
        return view(out.position());
    }

    /** The values as float32 bytes (timesteps are a float input of the graph); valid until the next call. */
    ByteBuffer values(int[] values) {
        FloatBuffer out = floats(values.length);
        for (int v : values) {
            out.put(v);
        }
        return view(out.position());
    }

    private FloatBuffer floats(int count) {
        long bytes = (long) count * Float.BYTES;
        if (bytes > buffer.capacity()) {
            // grow with headroom so a batch a little larger than the last does not reallocate
            buffer = allocate((int) Math.min(Integer.MAX_VALUE - 8, Math.max(bytes, 2L * buffer.capacity())));
        }
        return buffer.duplicate().order(ByteOrder.nativeOrder()).asFloatBuffer();
    }

    private ByteBuffer view(int floats) {
        ByteBuffer v = buffer.duplicate().order(ByteOrder.nativeOrder());
        v.limit(floats * Float.BYTES);
        return v;
    }

    private static ByteBuffer allocate(int bytes) {
        return ByteBuffer.allocateDirect(bytes).order(ByteOrder.nativeOrder());
    }
}
