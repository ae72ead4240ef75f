package io.dmzstream.topology.command;

import io.dmzstream.topology.buffer.BufferedRequest;
import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * A command as the durable buffer stores it: the request (where it came from, its key and value
 * bytes) and how many of its images have been produced. The count is rewritten in the same
 * transaction as each image is forwarded, so after a crash the command resumes at the first image
 * no committed transaction holds: each image is produced exactly once, not once per attempt.
 */
record BufferedCommand(BufferedRequest request, int produced) {
    private static final byte FORMAT = 1;

    byte[] encode() {
        byte[] inner = request.encode();
        return ByteBuffer.allocate(5 + inner.length).put(FORMAT).putInt(produced).put(inner).array();
    }

    static BufferedCommand decode(byte[] stored) {
        ByteBuffer b = ByteBuffer.wrap(stored);
        byte format = b.get();
        if (format != FORMAT) {
            throw new IllegalStateException("unknown buffered command format " + format);
        }
        int produced = b.getInt();
        if (produced < 0) {
            throw new IllegalStateException("corrupt buffered command: produced " + produced);
        }
        return new BufferedCommand(BufferedRequest.decode(Arrays.copyOfRange(stored, 5, stored.length)), produced);
    }
}
