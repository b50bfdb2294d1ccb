package dev.hexz.workspace;

import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32C;

/**
 * The append-only log of a workspace's changes since its base (format in workspace/STATE.md).
 * Each record reaches the kernel (one write) before the change is acknowledged, so a killed
 * daemon loses nothing that returned; {@link #sync()} makes it durable across a power cut.
 *
 * <p>A torn last record (the daemon died while appending it) is cut off when the journal is
 * read. A damaged record with a valid record anywhere after it is not what a crash leaves:
 * cutting there would silently drop every later change, so reading throws
 * {@link CorruptJournalException} and nothing is cut (workspace/STATE.md, "Journal").
 */
final class Journal implements Closeable {

    private static final int HEADER = 8;
    private static final int MAX_RECORD = 1 << 20;

    private final Path path;
    private final FileChannel channel;
    private long end;

    private Journal(Path path, FileChannel channel, long end) {
        this.path = path;
        this.channel = channel;
        this.end = end;
    }

    /**
     * Reads the records of the journal at {@code path} (none if it does not exist), leaving out a
     * torn tail; a damaged record followed by valid ones is a {@link CorruptJournalException}.
     */
    static List<JournalRecord> read(Path path) throws IOException {
        List<JournalRecord> out = new ArrayList<>();
        if (!Files.exists(path)) {
            return out;
        }
        validLength(path, out);
        return out;
    }

    /**
     * Opens the journal for appending after its last whole record (a torn tail is truncated); a
     * damaged record followed by valid ones is a {@link CorruptJournalException}, and the file is
     * left as it is.
     */
    static Journal openForAppend(Path path) throws IOException {
        long valid = Files.exists(path) ? validLength(path, null) : 0;
        FileChannel ch = FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.READ,
                StandardOpenOption.WRITE);
        if (ch.size() > valid) {
            ch.truncate(valid);
        }
        return new Journal(path, ch, valid);
    }

    /**
     * The length of the journal's valid part: its whole records up to the first damaged one, if
     * nothing valid follows that (a torn tail). Hands each record to {@code sink} (if not null).
     */
    private static long validLength(Path path, List<JournalRecord> sink) throws IOException {
        try (FileChannel ch = FileChannel.open(path, StandardOpenOption.READ)) {
            long size = ch.size();
            long pos = 0;
            ByteBuffer head = ByteBuffer.allocate(HEADER).order(ByteOrder.LITTLE_ENDIAN);
            while (pos < size) {
                String damage = null;
                ByteBuffer body = null;
                if (pos + HEADER > size) {
                    damage = "the file ends inside its " + HEADER + "-byte header";
                } else {
                    head.clear();
                    readFully(ch, head, pos);
                    int len = head.getInt(0);
                    if (len <= 0 || len > MAX_RECORD) {
                        damage = "length " + Integer.toUnsignedString(len) + " is not 1 to " + MAX_RECORD;
                    } else if (pos + HEADER + len > size) {
                        damage = "its " + len + " bytes run past the end of the file (" + size + " bytes)";
                    } else {
                        body = ByteBuffer.allocate(len).order(ByteOrder.LITTLE_ENDIAN);
                        readFully(ch, body, pos + HEADER);
                        if (crc(body.array(), 0, len) != head.getInt(4)) {
                            damage = "its CRC-32C does not match its bytes";
                        }
                    }
                }
                if (damage != null) {
                    long validAt = nextValidRecord(ch, pos + 1, size);
                    if (validAt >= 0) {
                        throw new CorruptJournalException(path, pos, damage, validAt, null);
                    }
                    break; // a torn tail: the record a crash interrupted, nothing after it
                }
                if (sink != null) {
                    body.flip();
                    sink.add(decode(body, path, pos));
                }
                pos += HEADER + body.capacity();
            }
            return pos;
        }
    }

    /**
     * Where the first whole record with a matching checksum starts at or after {@code from}, or
     * -1. Every offset is tried, not only where the damaged record says the next one starts: its
     * length may be what is damaged. A crash leaves at most one record's bytes after the last
     * whole one, so for a torn tail this reads little.
     */
    private static long nextValidRecord(FileChannel ch, long from, long size) throws IOException {
        if (from + HEADER >= size) {
            return -1;
        }
        // holds any whole record starting at its first byte, so one refill per window
        int window = (int) Math.min(size - from, 2L * (HEADER + MAX_RECORD));
        ByteBuffer buf = ByteBuffer.allocate(window).order(ByteOrder.LITTLE_ENDIAN);
        long start = from;
        int filled = fill(ch, buf, start, size);
        for (long q = from; q + HEADER < size; q++) {
            if (q + HEADER > start + filled) {
                start = q;
                filled = fill(ch, buf, start, size);
            }
            int len = buf.getInt((int) (q - start));
            if (len <= 0 || len > MAX_RECORD || q + HEADER + len > size) {
                continue;
            }
            if (q + HEADER + len > start + filled) {
                start = q;
                filled = fill(ch, buf, start, size);
            }
            int at = (int) (q - start);
            if (crc(buf.array(), at + HEADER, len) == buf.getInt(at + 4)) {
                return q;
            }
        }
        return -1;
    }

    /** Reads as much of the file from {@code at} as fits {@code buf}; returns how much. */
    private static int fill(FileChannel ch, ByteBuffer buf, long at, long size) throws IOException {
        buf.clear();
        buf.limit((int) Math.min(buf.capacity(), size - at));
        readFully(ch, buf, at);
        return buf.limit();
    }

    private static int crc(byte[] b, int off, int len) {
        CRC32C c = new CRC32C();
        c.update(b, off, len);
        return (int) c.getValue();
    }

    private static void readFully(FileChannel ch, ByteBuffer b, long at) throws IOException {
        long p = at;
        while (b.hasRemaining()) {
            int n = ch.read(b, p);
            if (n < 0) {
                throw new IOException("unexpected end of journal");
            }
            p += n;
        }
    }

    /** Appends {@code r}: it has reached the kernel when this returns. */
    synchronized void append(JournalRecord r) throws IOException {
        byte[] body = encode(r);
        ByteBuffer b = ByteBuffer.allocate(HEADER + body.length).order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(body.length).putInt(crc(body, 0, body.length)).put(body).flip();
        while (b.hasRemaining()) {
            end += channel.write(b, end);
        }
    }

    /** Makes every appended record durable. */
    void sync() throws IOException {
        channel.force(false);
    }

    long size() {
        return end;
    }

    Path path() {
        return path;
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }

    private static final byte CREATE_FILE = 'F';
    private static final byte MAKE_DIRECTORY = 'd';
    private static final byte MAKE_SYMLINK = 'l';
    private static final byte REMOVE = 'D';
    private static final byte RENAME = 'R';
    private static final byte CHANGE_MODE = 'M';
    private static final byte CHANGE_OWNER = 'O';
    private static final byte SET_MTIME = 'E';
    private static final byte TRUNCATE = 'T';
    private static final byte WRITE = 'W';
    private static final byte RESTORE = 'X';

    static byte[] encode(JournalRecord r) {
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream(64);
            LittleEndianOut o = new LittleEndianOut(new DataOutputStream(bytes));
            if (r instanceof JournalRecord.CreateFile f) {
                o.u8(CREATE_FILE).str(f.path()).i32(f.mode()).i32(f.uid()).i32(f.gid()).i64(f.mtimeSeconds())
                        .i32(f.mtimeNanos());
            } else if (r instanceof JournalRecord.MakeDirectory d) {
                o.u8(MAKE_DIRECTORY).str(d.path()).i32(d.mode()).i32(d.uid()).i32(d.gid()).i64(d.mtimeSeconds())
                        .i32(d.mtimeNanos());
            } else if (r instanceof JournalRecord.MakeSymlink l) {
                o.u8(MAKE_SYMLINK).str(l.path()).str(l.target()).i32(l.uid()).i32(l.gid()).i64(l.mtimeSeconds())
                        .i32(l.mtimeNanos());
            } else if (r instanceof JournalRecord.Remove d) {
                o.u8(REMOVE).str(d.path());
            } else if (r instanceof JournalRecord.Rename m) {
                o.u8(RENAME).str(m.from()).str(m.to());
            } else if (r instanceof JournalRecord.ChangeMode m) {
                o.u8(CHANGE_MODE).str(m.path()).i32(m.mode());
            } else if (r instanceof JournalRecord.ChangeOwner c) {
                o.u8(CHANGE_OWNER).str(c.path()).i32(c.uid()).i32(c.gid());
            } else if (r instanceof JournalRecord.SetMtime t) {
                o.u8(SET_MTIME).str(t.path()).i64(t.seconds()).i32(t.nanos());
            } else if (r instanceof JournalRecord.Truncate t) {
                o.u8(TRUNCATE).str(t.path()).i64(t.size()).i64(t.mtimeSeconds()).i32(t.mtimeNanos());
            } else if (r instanceof JournalRecord.Write w) {
                o.u8(WRITE).str(w.path()).i32(w.dataFile()).i64(w.offset()).i64(w.length()).i64(w.mtimeSeconds())
                        .i32(w.mtimeNanos());
            } else if (r instanceof JournalRecord.Restore x) {
                o.u8(RESTORE).str(x.path());
            } else {
                throw new IllegalArgumentException("unknown journal record " + r);
            }
            return bytes.toByteArray();
        } catch (IOException e) {
            throw new IllegalStateException("writing to memory failed", e);
        }
    }

    static JournalRecord decode(ByteBuffer b, Path file, long at) throws IOException {
        try {
            byte op = b.get();
            return switch (op) {
                case CREATE_FILE -> new JournalRecord.CreateFile(str(b), b.getInt(), b.getInt(), b.getInt(), b.getLong(),
                        b.getInt());
                case MAKE_DIRECTORY -> new JournalRecord.MakeDirectory(str(b), b.getInt(), b.getInt(), b.getInt(),
                        b.getLong(), b.getInt());
                case MAKE_SYMLINK -> new JournalRecord.MakeSymlink(str(b), str(b), b.getInt(), b.getInt(), b.getLong(),
                        b.getInt());
                case REMOVE -> new JournalRecord.Remove(str(b));
                case RENAME -> new JournalRecord.Rename(str(b), str(b));
                case CHANGE_MODE -> new JournalRecord.ChangeMode(str(b), b.getInt());
                case CHANGE_OWNER -> new JournalRecord.ChangeOwner(str(b), b.getInt(), b.getInt());
                case SET_MTIME -> new JournalRecord.SetMtime(str(b), b.getLong(), b.getInt());
                case TRUNCATE -> new JournalRecord.Truncate(str(b), b.getLong(), b.getLong(), b.getInt());
                case WRITE -> new JournalRecord.Write(str(b), b.getInt(), b.getLong(), b.getLong(), b.getLong(), b.getInt());
                case RESTORE -> new JournalRecord.Restore(str(b));
                default -> throw new WorkspaceStateException(file + ": journal record at byte " + at
                        + " has unknown type " + op + " (written by a newer hexz, or damaged before its checksum was made)");
            };
        } catch (java.nio.BufferUnderflowException e) {
            throw new WorkspaceStateException(file + ": journal record at byte " + at + " is shorter than its type needs",
                    e);
        }
    }

    private static String str(ByteBuffer b) {
        int n = b.getInt();
        if (n < 0 || n > b.remaining()) {
            throw new java.nio.BufferUnderflowException();
        }
        byte[] s = new byte[n];
        b.get(s);
        return new String(s, StandardCharsets.UTF_8);
    }

    /** Little-endian field writer for journal bodies. */
    private static final class LittleEndianOut {
        private final DataOutputStream out;

        LittleEndianOut(DataOutputStream out) {
            this.out = out;
        }

        LittleEndianOut u8(int v) throws IOException {
            out.writeByte(v);
            return this;
        }

        LittleEndianOut i32(int v) throws IOException {
            out.writeInt(Integer.reverseBytes(v));
            return this;
        }

        LittleEndianOut i64(long v) throws IOException {
            out.writeLong(Long.reverseBytes(v));
            return this;
        }

        LittleEndianOut str(String s) throws IOException {
            byte[] b = s.getBytes(StandardCharsets.UTF_8);
            i32(b.length);
            out.write(b);
            return this;
        }
    }
}
