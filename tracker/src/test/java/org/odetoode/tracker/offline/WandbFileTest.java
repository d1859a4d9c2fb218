package org.odetoode.tracker.offline;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import com.google.protobuf.UnknownFieldSet;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.odetoode.tracker.Run;
import org.odetoode.tracker.Tracker;
import org.odetoode.tracker.testing.TestRuns;

/**
 * The .wandb file read back with an independent reader: LevelDB-log framing with W&B's IEEE CRC checked
 * on every fragment, and protobuf decoded by protobuf-java's generic parser.
 */
class WandbFileTest {
    private static final int BLOCK = 32 * 1024;

    @TempDir
    Path root;

    @Test
    void anOfflineRunIsWrittenAsRecordsWandbSyncReads() throws Exception {
        Run run = Tracker.init(TestRuns.offline(root).runId("wb1").name("hopper").entity("lab")
                .config(Map.of("lr", 0.01)).build());
        for (int i = 0; i < 3; i++) {
            run.log(Map.of("loss", 1.0 / (i + 1)));
        }
        run.output("hello");
        run.saveFile(Files.writeString(root.resolve("w.bin"), "w"));
        Path dir = run.finish(2).directory();

        List<UnknownFieldSet> records = read(dir.resolve("run-wb1.wandb"));
        List<Integer> kinds = new ArrayList<>();
        for (int i = 0; i < records.size(); i++) {
            assertEquals(i + 1, records.get(i).getField(1).getVarintList().get(0), "record numbers count from 1");
            kinds.add(records.get(i).asMap().keySet().stream().filter(k -> k != 1).findFirst().orElseThrow());
        }
        // run, 3 history rows, 1 output line, files, summary, exit, final
        assertEquals(List.of(17, 2, 2, 2, 4, 6, 3, 18, 20), kinds);

        UnknownFieldSet runRecord = nested(records.get(0), 17);
        assertEquals("wb1", string(runRecord, 1));
        assertEquals("lab", string(runRecord, 2));
        assertEquals(TestRuns.PROJECT, string(runRecord, 3));
        assertEquals("hopper", string(runRecord, 8));
        UnknownFieldSet configItem = nested(nested(runRecord, 4), 1);
        assertEquals("lr", string(configItem, 1));
        assertEquals("0.01", string(configItem, 16));

        UnknownFieldSet history = nested(records.get(2), 2);
        Map<String, String> items = new LinkedHashMap<>();
        for (ByteString item : history.getField(1).getLengthDelimitedList()) {
            UnknownFieldSet parsed = UnknownFieldSet.parseFrom(item);
            items.put(string(parsed, 1), string(parsed, 16));
        }
        assertEquals("0.5", items.get("loss"));
        assertEquals("1", items.get("_step"));
        assertEquals(1L, nested(history, 2).getField(1).getVarintList().get(0));

        UnknownFieldSet output = nested(records.get(4), 4);
        assertEquals(1L, output.getField(1).getVarintList().get(0), "STDOUT");
        assertEquals("hello\n", string(output, 3));
        assertEquals("w.bin", string(nested(nested(records.get(5), 6), 1), 1));
        assertEquals(2L, nested(records.get(7), 18).getField(1).getVarintList().get(0));
    }

    @Test
    void recordsLongerThanABlockAreSplitAndCheckedAcrossBlocks() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        org.odetoode.tracker.internal.LevelDbLogWriter writer = new org.odetoode.tracker.internal.LevelDbLogWriter(out);
        byte[] big = new byte[3 * BLOCK];
        for (int i = 0; i < big.length; i++) {
            big[i] = (byte) i;
        }
        byte[] small = {42};
        writer.write(small);
        writer.write(big);
        // fill up to 3 bytes before a block end, so the next record must start after zero padding
        int used = out.size() % BLOCK;
        writer.write(new byte[BLOCK - used - 7 - 3]);
        writer.write(small);
        List<byte[]> read = frames(out.toByteArray());
        assertEquals(4, read.size());
        assertArrayEquals(small, read.get(0));
        assertArrayEquals(big, read.get(1));
        assertArrayEquals(small, read.get(3));
    }

    private static List<UnknownFieldSet> read(Path file) throws Exception {
        List<UnknownFieldSet> records = new ArrayList<>();
        for (byte[] frame : frames(Files.readAllBytes(file))) {
            records.add(UnknownFieldSet.parseFrom(frame));
        }
        return records;
    }

    /** Reassembled records, each fragment's CRC checked: CRC-32 (IEEE) of the type byte then the data. */
    private static List<byte[]> frames(byte[] file) {
        ByteBuffer in = ByteBuffer.wrap(file).order(ByteOrder.LITTLE_ENDIAN);
        byte[] ident = new byte[4];
        in.get(ident);
        assertEquals(":W&B", new String(ident, java.nio.charset.StandardCharsets.ISO_8859_1));
        assertEquals(0xBEE1, in.getShort() & 0xFFFF);
        assertEquals(0, in.get());
        List<byte[]> records = new ArrayList<>();
        ByteArrayOutputStream pending = new ByteArrayOutputStream();
        while (in.hasRemaining()) {
            int left = BLOCK - in.position() % BLOCK;
            if (left < 7) {
                for (int i = 0; i < left; i++) {
                    assertEquals(0, in.get(), "block tails are zero-filled");
                }
                continue;
            }
            long checksum = in.getInt() & 0xFFFFFFFFL;
            int length = in.getShort() & 0xFFFF;
            int type = in.get();
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
        return records;
    }

    private static UnknownFieldSet nested(UnknownFieldSet message, int field) throws Exception {
        return UnknownFieldSet.parseFrom(message.getField(field).getLengthDelimitedList().get(0));
    }

    private static String string(UnknownFieldSet message, int field) {
        return message.getField(field).getLengthDelimitedList().get(0).toStringUtf8();
    }
}
