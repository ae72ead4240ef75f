package io.dmzstream.topology.buffer;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import org.apache.kafka.common.utils.Bytes;

/**
 * A request as the durable buffer stores it: where it came from and its original key and value
 * bytes, which is all a restarted task needs to serve it again. Stored under {@link #storeKey},
 * (partition, offset) big-endian, so the store iterates in offset order.
 */
public record BufferedRequest(String topic, int partition, long offset, long timestamp, byte[] key, byte[] value) {
    private static final byte FORMAT = 1;

    public Bytes storeKey() {
        return storeKey(partition, offset);
    }

    /** The same request without its value bytes: what stays in memory while it is in flight. */
    public BufferedRequest withoutValue() {
        return new BufferedRequest(topic, partition, offset, timestamp, key, null);
    }

    /** (partition, offset) of a store key, for an entry whose value cannot be read. */
    public static long[] partitionAndOffset(Bytes storeKey) {
        ByteBuffer b = ByteBuffer.wrap(storeKey.get());
        return new long[] {b.getInt(), b.getLong()};
    }

    public static Bytes storeKey(int partition, long offset) {
        return Bytes.wrap(ByteBuffer.allocate(12).putInt(partition).putLong(offset).array());
    }

    public byte[] encode() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(value.length + 64);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeByte(FORMAT);
            out.writeUTF(topic);
            out.writeInt(partition);
            out.writeLong(offset);
            out.writeLong(timestamp);
            writeBytes(out, key);
            writeBytes(out, value);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    public static BufferedRequest decode(byte[] stored) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(stored))) {
            byte format = in.readByte();
            if (format != FORMAT) {
                throw new IllegalStateException("unknown buffered request format " + format);
            }
            return new BufferedRequest(in.readUTF(), in.readInt(), in.readLong(), in.readLong(),
                    readBytes(in), readBytes(in));
        } catch (IOException e) {
            throw new UncheckedIOException("corrupt buffered request", e);
        }
    }

    private static void writeBytes(DataOutputStream out, byte[] b) throws IOException {
        out.writeInt(b == null ? -1 : b.length);
        if (b != null) {
            out.write(b);
        }
    }

    private static byte[] readBytes(DataInputStream in) throws IOException {
        int n = in.readInt();
        return n < 0 ? null : in.readNBytes(n);
    }
}
