package org.odetoode.tracker.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import com.google.protobuf.UnknownFieldSet;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32;

/**
 * An independent reader of {@code .wandb} files for tests, strict as wandb's own datastore reader: the 7-byte
 * file header, 32 KiB blocks with zero-filled tails, every fragment's CRC-32 (IEEE, of the type byte then the
 * data) checked, FIRST/MIDDLE/LAST reassembled, and nothing after the last whole record. Records are decoded by
 * protobuf-java's generic parser.
 */
public final class WandbLogReader {
    private static final int BLOCK = 32 * 1024;

    private WandbLogReader() {
    }

    /** Every record of {@code file}, in order. */
    public static List<UnknownFieldSet> read(Path file) throws IOException {
        List<UnknownFieldSet> records = new ArrayList<>();
        for (byte[] frame : frames(Files.readAllBytes(file))) {
            records.add(UnknownFieldSet.parseFrom(frame));
        }
        return records;
    }

    /** The record type of {@code record}: its one field other than {@code num} (1). */
    public static int type(UnknownFieldSet record) {
        return record.asMap().keySet().stream().filter(k -> k != 1 && k != 16 && k != 19).findFirst().orElseThrow();
    }

    /** The record types of {@code records}, in order. */
    public static List<Integer> types(List<UnknownFieldSet> records) {
        return records.stream().map(WandbLogReader::type).toList();
    }

    /** Reassembled records, each fragment's CRC checked. */
    public static List<byte[]> frames(byte[] file) {
        ByteBuffer in = ByteBuffer.wrap(file).order(ByteOrder.LITTLE_ENDIAN);
        byte[] ident = new byte[4];
        in.get(ident);
        assertEquals(":W&B", new String(ident, StandardCharsets.ISO_8859_1));
        assertEquals(0xBEE1, in.getShort() & 0xFFFF);
        assertEquals(0, in.get());
        List<byte[]> records = new ArrayList<>();
        ByteArrayOutputStream pending = new ByteArrayOutputStream();
        while (in.hasRemaining()) {
            int left = BLOCK - in.position() % BLOCK;
            if (left < 7) {
                for (int i = 0; i < left && in.hasRemaining(); i++) {
                    assertEquals(0, in.get(), "block tails are zero-filled");
                }
                continue;
            }
            assertTrue(in.remaining() >= 7, "a torn record header at byte " + in.position());
            long checksum = in.getInt() & 0xFFFFFFFFL;
            int length = in.getShort() & 0xFFFF;
            int type = in.get();
            assertTrue(length <= in.remaining(), "a torn record at byte " + in.position());
            byte[] data = new byte[length];
            in.get(data);
            CRC32 crc = new CRC32();
            crc.update(type);
            crc.update(data);
            assertEquals(crc.getValue(), checksum, "CRC of a type-" + type + " fragment");
            assertTrue(length + 7 <= left, "a fragment never crosses a block boundary");
            pending.writeBytes(data);
            if (type == 1 || type == 4) {
                records.add(pending.toByteArray());
                pending.reset();
            }
        }
        assertEquals(0, pending.size(), "the file ends inside a record");
        return records;
    }

    /** The first value of message field {@code field}, parsed. */
    public static UnknownFieldSet nested(UnknownFieldSet message, int field) throws IOException {
        return UnknownFieldSet.parseFrom(message.getField(field).getLengthDelimitedList().get(0));
    }

    /** The first value of string field {@code field}. */
    public static String string(UnknownFieldSet message, int field) {
        return message.getField(field).getLengthDelimitedList().get(0).toStringUtf8();
    }

    /** The first value of varint field {@code field}, 0 (proto3's default) when absent. */
    public static long number(UnknownFieldSet message, int field) {
        List<Long> values = message.getField(field).getVarintList();
        return values.isEmpty() ? 0 : values.get(0);
    }

    /** The items (key 1, value_json 16) of repeated message field {@code field}, by key. */
    public static Map<String, String> items(UnknownFieldSet message, int field) throws IOException {
        Map<String, String> items = new LinkedHashMap<>();
        for (ByteString item : message.getField(field).getLengthDelimitedList()) {
            UnknownFieldSet parsed = UnknownFieldSet.parseFrom(item);
            items.put(string(parsed, 1), string(parsed, 16));
        }
        return items;
    }

    /** A google.protobuf.Timestamp as Unix seconds. */
    public static double seconds(UnknownFieldSet timestamp) {
        return number(timestamp, 1) + number(timestamp, 2) / 1e9;
    }
}
