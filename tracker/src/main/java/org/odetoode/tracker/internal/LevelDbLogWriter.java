package org.odetoode.tracker.internal;

import java.io.IOException;
import java.io.OutputStream;
import java.util.zip.CRC32;

/**
 * The record framing of a {@code .wandb} file: LevelDB's log format (32 KiB blocks; each record a
 * little-endian header of CRC, length and type, then its data; FULL, or FIRST, MIDDLE... LAST when a
 * record spans blocks; a block tail shorter than a header zero-filled) after a 7-byte file header
 * {@code ":W&B"}, 0xBEE1, version 0. Unlike LevelDB, W&B's CRC is zlib's CRC-32 (IEEE) of the type byte
 * followed by the data, unmasked.
 */
public final class LevelDbLogWriter {
    static final int BLOCK = 32 * 1024;
    static final int HEADER = 7;
    static final int FULL = 1;
    static final int FIRST = 2;
    static final int MIDDLE = 3;
    static final int LAST = 4;

    private final OutputStream out;
    private long position;

    /** Starts a file on {@code out} by writing the W&B file header. */
    public LevelDbLogWriter(OutputStream out) throws IOException {
        this.out = out;
        out.write(new byte[] {':', 'W', '&', 'B', (byte) 0xE1, (byte) 0xBE, 0});
        position = HEADER;
    }

    /** Appends one record, split across blocks as needed. */
    public void write(byte[] data) throws IOException {
        int left = BLOCK - (int) (position % BLOCK);
        if (left < HEADER) {
            out.write(new byte[left]);
            position += left;
            left = BLOCK;
        }
        if (data.length + HEADER <= left) {
            fragment(data, 0, data.length, FULL);
            return;
        }
        int used = left - HEADER;
        fragment(data, 0, used, FIRST);
        while (data.length - used > BLOCK - HEADER) {
            fragment(data, used, BLOCK - HEADER, MIDDLE);
            used += BLOCK - HEADER;
        }
        fragment(data, used, data.length - used, LAST);
    }

    private void fragment(byte[] data, int offset, int length, int type) throws IOException {
        CRC32 crc = new CRC32();
        crc.update(type);
        crc.update(data, offset, length);
        long checksum = crc.getValue();
        out.write(new byte[] {(byte) checksum, (byte) (checksum >>> 8), (byte) (checksum >>> 16),
            (byte) (checksum >>> 24), (byte) length, (byte) (length >>> 8), (byte) type});
        out.write(data, offset, length);
        position += HEADER + length;
    }
}
