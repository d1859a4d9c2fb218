package org.odetoode.tracker.internal;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * A protobuf message under construction, in the wire format: varints and length-delimited fields
 * only, which is all the {@code .wandb} records use. Fields holding proto3 defaults (0, "") are left
 * out, as a protobuf encoder does.
 */
public final class Proto {
    private static final int VARINT = 0;
    private static final int LENGTH_DELIMITED = 2;

    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();

    /** An int32, int64, enum or bool field (negative numbers take ten bytes, as in protobuf). */
    public Proto number(int field, long value) {
        if (value != 0) {
            tag(field, VARINT);
            varint(value);
        }
        return this;
    }

    /** A string field. */
    public Proto string(int field, String value) {
        if (value != null && !value.isEmpty()) {
            bytes(field, value.getBytes(StandardCharsets.UTF_8));
        }
        return this;
    }

    /** A nested message field, written even when empty (an empty message marks presence). */
    public Proto message(int field, Proto value) {
        return bytes(field, value.toByteArray());
    }

    private Proto bytes(int field, byte[] value) {
        return bytes(field, value, 0, value.length);
    }

    /** A bytes or string field from {@code length} bytes of {@code source} at {@code offset}, written even when empty. */
    public Proto bytes(int field, byte[] source, int offset, int length) {
        tag(field, LENGTH_DELIMITED);
        varint(length);
        bytes.write(source, offset, length);
        return this;
    }

    /**
     * The start of a nested message field of {@code length} bytes, whose fields the caller writes next: a message
     * built in place, without a copy.
     */
    public Proto messageStart(int field, int length) {
        tag(field, LENGTH_DELIMITED);
        varint(length);
        return this;
    }

    /** The bytes a length-delimited field {@code field} of {@code length} bytes takes, tag and length included. */
    public static int lengthDelimitedSize(int field, int length) {
        return varintSize(((long) field << 3) | LENGTH_DELIMITED) + varintSize(length) + length;
    }

    private static int varintSize(long value) {
        int size = 1;
        for (long rest = value >>> 7; rest != 0; rest >>>= 7) {
            size++;
        }
        return size;
    }

    private void tag(int field, int wireType) {
        varint(((long) field << 3) | wireType);
    }

    private void varint(long value) {
        long rest = value;
        while ((rest & ~0x7FL) != 0) {
            bytes.write((int) ((rest & 0x7F) | 0x80));
            rest >>>= 7;
        }
        bytes.write((int) rest);
    }

    public byte[] toByteArray() {
        return bytes.toByteArray();
    }
}
