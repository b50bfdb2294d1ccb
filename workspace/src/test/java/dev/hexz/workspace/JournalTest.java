package dev.hexz.workspace;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JournalTest {

    @TempDir
    Path tmp;

    /** One record of every type, with values that need every byte of their fields. */
    static List<JournalRecord> everyType() {
        return List.of(
                new JournalRecord.CreateFile("/a/new file", 0100644, 1000, 1001, 1_700_000_000_123L, 999_999_999),
                new JournalRecord.MakeDirectory("/dir/ünïcødé", 040755, -1, Integer.MAX_VALUE, -5, 0),
                new JournalRecord.MakeSymlink("/l", "../some/where", 0, 0, Long.MAX_VALUE, 1),
                new JournalRecord.Remove("/gone"),
                new JournalRecord.Rename("/from", "/to/there"),
                new JournalRecord.ChangeMode("/x", 04755),
                new JournalRecord.ChangeOwner("/x", 7, -1),
                new JournalRecord.SetMtime("/x", 1_234_567_890_123L, 42),
                new JournalRecord.Truncate("/big", 10L << 30, 17, 18),
                new JournalRecord.Write("/big", 3, 9L << 30, 4096, 19, 20),
                new JournalRecord.Restore("/dir"),
                new JournalRecord.Remove(""));
    }

    private Path journalWith(List<JournalRecord> records) throws IOException {
        Path p = tmp.resolve("journal");
        try (Journal j = Journal.openForAppend(p)) {
            for (JournalRecord r : records) {
                j.append(r);
            }
            j.sync();
            assertEquals(Files.size(p), j.size());
        }
        return p;
    }

    @Test
    void everyRecordTypeRoundTrips() throws IOException {
        Path p = journalWith(everyType());
        assertEquals(everyType(), Journal.read(p));
    }

    @Test
    void encodeDecodeIsTheIdentityForEachType() throws IOException {
        for (JournalRecord r : everyType()) {
            byte[] body = Journal.encode(r);
            assertEquals(r, Journal.decode(ByteBuffer.wrap(body).order(java.nio.ByteOrder.LITTLE_ENDIAN), tmp, 0));
        }
    }

    @Test
    void aMissingJournalHasNoRecords() throws IOException {
        assertEquals(List.of(), Journal.read(tmp.resolve("none")));
    }

    @Test
    void appendingAfterReopenKeepsTheOldRecords() throws IOException {
        Path p = journalWith(everyType().subList(0, 3));
        try (Journal j = Journal.openForAppend(p)) {
            assertEquals(Files.size(p), j.size());
            j.append(new JournalRecord.Remove("/later"));
        }
        List<JournalRecord> expect = new ArrayList<>(everyType().subList(0, 3));
        expect.add(new JournalRecord.Remove("/later"));
        assertEquals(expect, Journal.read(p));
    }

    @Test
    void aTornTailIsCutOffAndAppendingContinuesAfterTheLastWholeRecord() throws IOException {
        List<JournalRecord> all = everyType();
        Path p = journalWith(all);
        long whole = Files.size(p);
        int lastBody = Journal.encode(all.get(all.size() - 1)).length;
        long lastStart = whole - 8 - lastBody;
        for (long cut : new long[] {whole - 1, lastStart + 8, lastStart + 3}) {
            Path copy = tmp.resolve("torn-" + cut);
            Files.copy(p, copy);
            try (FileChannel ch = FileChannel.open(copy, StandardOpenOption.WRITE)) {
                ch.truncate(cut);
            }
            assertEquals(all.subList(0, all.size() - 1), Journal.read(copy), "cut at " + cut);
            try (Journal j = Journal.openForAppend(copy)) {
                assertEquals(lastStart, j.size(), "appends go after the last whole record");
                j.append(new JournalRecord.Remove("/after"));
            }
            assertEquals(lastStart + 8 + Journal.encode(new JournalRecord.Remove("/after")).length, Files.size(copy));
            List<JournalRecord> expect = new ArrayList<>(all.subList(0, all.size() - 1));
            expect.add(new JournalRecord.Remove("/after"));
            assertEquals(expect, Journal.read(copy), "cut at " + cut);
        }
    }

    @Test
    void aDamagedLastRecordIsCutOff() throws IOException {
        List<JournalRecord> all = everyType();
        Path p = journalWith(all);
        long whole = Files.size(p);
        // flip one byte of the last record's body: its checksum no longer matches
        try (FileChannel ch = FileChannel.open(p, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            ByteBuffer b = ByteBuffer.allocate(1);
            ch.read(b, whole - 2);
            b.put(0, (byte) (b.get(0) ^ 0x40)).rewind();
            ch.write(b, whole - 2);
        }
        assertEquals(all.subList(0, all.size() - 1), Journal.read(p));
        try (Journal j = Journal.openForAppend(p)) {
            j.append(new JournalRecord.Rename("/a", "/b"));
        }
        List<JournalRecord> expect = new ArrayList<>(all.subList(0, all.size() - 1));
        expect.add(new JournalRecord.Rename("/a", "/b"));
        assertEquals(expect, Journal.read(p));
    }

    /** Where record {@code k} of {@code records} starts in a journal of them. */
    static long offsetOf(List<JournalRecord> records, int k) {
        long at = 0;
        for (int i = 0; i < k; i++) {
            at += 8 + Journal.encode(records.get(i)).length;
        }
        return at;
    }

    private static void xorByte(Path p, long at, int mask) throws IOException {
        try (FileChannel ch = FileChannel.open(p, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            ByteBuffer b = ByteBuffer.allocate(1);
            ch.read(b, at);
            b.put(0, (byte) (b.get(0) ^ mask)).rewind();
            ch.write(b, at);
        }
    }

    /** Reading and opening for appending both refuse, naming the file and the offset; the file is left as it was. */
    private static void assertCorruptAt(Path p, long at) throws IOException {
        byte[] before = Files.readAllBytes(p);
        CorruptJournalException e = assertThrows(CorruptJournalException.class, () -> Journal.read(p));
        assertTrue(e instanceof WorkspaceStateException, "exit code 12 in the CLI");
        assertEquals(p, e.journal());
        assertEquals(at, e.offset());
        assertTrue(e.getMessage().startsWith(p + ": journal record at byte " + at + " "), e.getMessage());
        assertTrue(e.getMessage().contains("hexz workspace remove --force"), e.getMessage());
        assertThrows(CorruptJournalException.class, () -> Journal.openForAppend(p).close());
        assertArrayEquals(before, Files.readAllBytes(p), "nothing is cut from a corrupt journal");
    }

    @Test
    void aDamagedRecordFollowedByValidRecordsIsCorruptionNotATornTail() throws IOException {
        List<JournalRecord> all = everyType();
        Path p = journalWith(all);
        long third = offsetOf(all, 3);
        xorByte(p, third + 8 + 1, 0x10); // in the body: the checksum no longer matches
        assertCorruptAt(p, third);
        xorByte(p, third + 8 + 1, 0x10);
        assertEquals(all, Journal.read(p), "put right, every record is there");
    }

    @Test
    void aDamagedLengthFollowedByValidRecordsIsCorruption() throws IOException {
        List<JournalRecord> all = everyType();
        Path p = journalWith(all);
        long fifth = offsetOf(all, 5);
        for (int mask : new int[] {0x01, 0x80}) { // one byte longer (wrong boundary) and far too long
            xorByte(p, fifth + (mask == 0x80 ? 3 : 0), mask);
            assertCorruptAt(p, fifth);
            xorByte(p, fifth + (mask == 0x80 ? 3 : 0), mask);
        }
        // a record zeroed whole (as a lost page leaves it), valid records after it
        long sixth = offsetOf(all, 6);
        try (FileChannel ch = FileChannel.open(p, StandardOpenOption.WRITE)) {
            ch.write(ByteBuffer.allocate((int) (sixth - fifth)), fifth);
        }
        assertCorruptAt(p, fifth);
    }

    @Test
    void zerosAfterTheLastRecordAreATornTail() throws IOException {
        // a crash can leave the file longer than what reached it: the tail reads as zeros
        List<JournalRecord> all = everyType();
        Path p = journalWith(all);
        long whole = Files.size(p);
        try (FileChannel ch = FileChannel.open(p, StandardOpenOption.WRITE)) {
            ch.write(ByteBuffer.allocate(4096), whole);
        }
        assertEquals(all, Journal.read(p));
        try (Journal j = Journal.openForAppend(p)) {
            assertEquals(whole, j.size());
        }
        assertEquals(whole, Files.size(p), "the torn tail is truncated away");
    }

    @Test
    void aGarbageLengthIsATornTail() throws IOException {
        List<JournalRecord> all = everyType().subList(0, 4);
        Path p = journalWith(all);
        long whole = Files.size(p);
        // a header claiming far more bytes than the file has, then a few bytes
        try (FileChannel ch = FileChannel.open(p, StandardOpenOption.WRITE)) {
            ByteBuffer b = ByteBuffer.allocate(12).order(java.nio.ByteOrder.LITTLE_ENDIAN);
            b.putInt(500_000).putInt(0).putInt(7).flip();
            ch.write(b, whole);
        }
        assertEquals(all, Journal.read(p));
        try (Journal j = Journal.openForAppend(p)) {
            assertEquals(whole, j.size());
        }
        assertEquals(whole, Files.size(p), "the torn tail is truncated away");
    }

    @Test
    void aWholeRecordOfUnknownTypeIsAnError() throws IOException {
        Path p = tmp.resolve("journal");
        byte[] body = {'?', 0, 0, 0, 0};
        java.util.zip.CRC32C c = new java.util.zip.CRC32C();
        c.update(body);
        ByteBuffer b = ByteBuffer.allocate(8 + body.length).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        b.putInt(body.length).putInt((int) c.getValue()).put(body);
        Files.write(p, b.array());
        IOException e = assertThrows(IOException.class, () -> Journal.read(p));
        assertTrue(e.getMessage().contains("unknown type"), e.getMessage());
    }
}
