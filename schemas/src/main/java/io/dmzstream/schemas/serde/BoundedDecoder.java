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
 * Avro binary decoder that checks every declared length and item count against the bytes actually
 * left, before allocating and before iterating, whether the value is read or skipped (a field the
 * writer has and the reader does not). Avro's own decoder trusts the counts, so five hostile bytes
 * claiming a 2 GB string would cost 2 GB of heap, and an unknown field declaring 2^60 nulls (zero
 * bytes each) would keep the thread skipping for ever, instead of giving a dead-lettered record.
 *
 * <p>Every array or map item takes at least one byte except zero-width ones (null, an empty
 * record, fixed(0)), so all the arrays and maps of one payload together may declare at most as
 * many items as the body has bytes, plus {@value #UNBACKED_ITEMS_ALLOWED} zero-width ones.
 */
final class BoundedDecoder extends Decoder {

    /** Items a payload may declare beyond one per byte of its body (zero-width items need no bytes). */
    static final long UNBACKED_ITEMS_ALLOWED = 1 << 16;

    private final ByteArrayInputStream in;
    private final BinaryDecoder delegate;
    private final long itemBudget;
    private long itemsDeclared;

    BoundedDecoder(byte[] data, int offset) {
        this.in = new ByteArrayInputStream(data, offset, data.length - offset);
        // unbuffered, so in.available() is exactly what is left of the body
        this.delegate = DecoderFactory.get().directBinaryDecoder(in, null);
        this.itemBudget = (data.length - offset) + UNBACKED_ITEMS_ALLOWED;
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
        // blocks written with their byte size are skipped whole (bounded by the input); the count
        // returned is of items the caller will skip one by one
        return checkedCount(delegate.skipArray(), "array");
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
        return checkedCount(delegate.skipMap(), "map");
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

    private long checkedCount(long count, String what) throws IOException {
        if (count < 0) {
            throw new IOException("negative " + what + " block count " + count);
        }
        // per block: what may be allocated at once; in total: what may be iterated
        if (count > UNBACKED_ITEMS_ALLOWED && count > remaining()) {
            throw new EOFException(what + " block of " + count + " items declared but only " + remaining() + " bytes left");
        }
        itemsDeclared += count;
        if (itemsDeclared > itemBudget) {
            throw new EOFException(what + " items declared add up to " + itemsDeclared + ", more than the "
                + (itemBudget - UNBACKED_ITEMS_ALLOWED) + "-byte body can hold (" + UNBACKED_ITEMS_ALLOWED
                + " zero-width items allowed)");
        }
        return count;
    }
}
