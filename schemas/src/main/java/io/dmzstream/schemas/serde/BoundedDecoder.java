package io.dmzstream.schemas.serde;

import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.Decoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.util.Utf8;

import java.io.ByteArrayInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * Avro binary decoder that checks every declared length against the bytes actually left before
 * allocating. Avro's own decoder allocates first, so five hostile bytes claiming a 2 GB string
 * would cost 2 GB of heap (or an OutOfMemoryError) instead of a dead-lettered record.
 */
final class BoundedDecoder extends Decoder {

    /** Item counts above this must be backed by at least one byte per item (only zero-width items, e.g. null, could need more). */
    private static final long UNBACKED_ITEMS_ALLOWED = 1 << 16;

    private final ByteArrayInputStream in;
    private final BinaryDecoder delegate;

    BoundedDecoder(byte[] data, int offset) {
        this.in = new ByteArrayInputStream(data, offset, data.length - offset);
        // unbuffered, so in.available() is exactly what is left of the body
        this.delegate = DecoderFactory.get().directBinaryDecoder(in, null);
    }

    int remaining() {
        return in.available();
    }

    @Override
    public void readNull() throws IOException {
        delegate.readNull();
    }

    @Override
    public boolean readBoolean() throws IOException {
        return delegate.readBoolean();
    }

    @Override
    public int readInt() throws IOException {
        return delegate.readInt();
    }

    @Override
    public long readLong() throws IOException {
        return delegate.readLong();
    }

    @Override
    public float readFloat() throws IOException {
        return delegate.readFloat();
    }

    @Override
    public double readDouble() throws IOException {
        return delegate.readDouble();
    }

    @Override
    public Utf8 readString(Utf8 old) throws IOException {
        int length = checkedLength("string");
        Utf8 result = old != null ? old : new Utf8();
        result.setByteLength(length);
        delegate.readFixed(result.getBytes(), 0, length);
        return result;
    }

    @Override
    public String readString() throws IOException {
        int length = checkedLength("string");
        byte[] bytes = new byte[length];
        delegate.readFixed(bytes, 0, length);
        return new String(bytes, StandardCharsets.UTF_8);
    }

    @Override
    public void skipString() throws IOException {
        delegate.skipFixed(checkedLength("string"));
    }

    @Override
    public ByteBuffer readBytes(ByteBuffer old) throws IOException {
        int length = checkedLength("bytes");
        byte[] bytes = new byte[length];
        delegate.readFixed(bytes, 0, length);
        return ByteBuffer.wrap(bytes);
    }

    @Override
    public void skipBytes() throws IOException {
        delegate.skipFixed(checkedLength("bytes"));
    }

    @Override
    public void readFixed(byte[] bytes, int start, int length) throws IOException {
        checkAvailable(length, "fixed");
        delegate.readFixed(bytes, start, length);
    }

    @Override
    public void skipFixed(int length) throws IOException {
        checkAvailable(length, "fixed");
        delegate.skipFixed(length);
    }

    @Override
    public int readEnum() throws IOException {
        return delegate.readEnum();
    }

    @Override
    public long readArrayStart() throws IOException {
        return checkedCount(delegate.readArrayStart(), "array");
    }

    @Override
    public long arrayNext() throws IOException {
        return checkedCount(delegate.arrayNext(), "array");
    }

    @Override
    public long skipArray() throws IOException {
        return delegate.skipArray();
    }

    @Override
    public long readMapStart() throws IOException {
        return checkedCount(delegate.readMapStart(), "map");
    }

    @Override
    public long mapNext() throws IOException {
        return checkedCount(delegate.mapNext(), "map");
    }

    @Override
    public long skipMap() throws IOException {
        return delegate.skipMap();
    }

    @Override
    public int readIndex() throws IOException {
        return delegate.readIndex();
    }

    private int checkedLength(String what) throws IOException {
        long length = delegate.readLong();
        if (length < 0) {
            throw new IOException("negative " + what + " length " + length);
        }
        checkAvailable(length, what);
        return (int) length;
    }

    private void checkAvailable(long length, String what) throws EOFException {
        if (length > remaining()) {
            throw new EOFException(what + " of " + length + " bytes declared but only " + remaining() + " bytes left");
        }
    }

    private long checkedCount(long count, String what) throws EOFException {
        if (count > UNBACKED_ITEMS_ALLOWED && count > remaining()) {
            throw new EOFException(what + " block of " + count + " items declared but only " + remaining() + " bytes left");
        }
        return count;
    }
}
