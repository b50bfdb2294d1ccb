package dev.hexz.format.v1;

import static dev.hexz.format.v1.LittleEndian.i32;
import static dev.hexz.format.v1.LittleEndian.i64;
import static dev.hexz.format.v1.LittleEndian.put16;
import static dev.hexz.format.v1.LittleEndian.put32;
import static dev.hexz.format.v1.LittleEndian.put64;
import static dev.hexz.format.v1.LittleEndian.put8;
import static dev.hexz.format.v1.LittleEndian.u16;
import static dev.hexz.format.v1.LittleEndian.u32;
import static dev.hexz.format.v1.LittleEndian.u8;

import dev.hexz.format.CorruptManifestException;
import dev.hexz.format.manifest.EntryType;
import dev.hexz.format.manifest.ManifestEntry;
import dev.hexz.format.manifest.ManifestPaths;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The byte layout of the manifest (format/SPEC.md, "Manifest"): entries are grouped into
 * <em>manifest chunks</em> cut at content-defined boundaries (a path whose FNV-1a hash ends in
 * six zero bits closes a chunk), each chunk a section of its own with file offsets relative to a
 * base; the manifest section proper is the <em>manifest index</em> listing the chunks. A thin
 * archive whose chunk has the same bytes as one of its parent's points at the parent's chunk, so
 * an unchanged part of a large tree costs 64 bytes however many files it holds.
 */
public final class ManifestV1 {

    public static final byte[] CHUNK_MAGIC = {'H', 'X', 'M', 'C'};
    static final int FIXED = 36;
    static final int DESCRIPTOR = 64;
    /** A chunk ends after at most this many entries even without a content-defined boundary. */
    public static final int MAX_CHUNK_ENTRIES = 1024;
    private static final long BOUNDARY_MASK = 63;

    private ManifestV1() {
    }

    /** The manifest index's record of one chunk; {@code source} as for index pages. */
    public record ChunkDescriptor(int source, int entryCount, long offset, int length, int crc32c, long base,
            byte[] digest) {
    }

    /** Splits sorted entries into chunks: [start, end) index pairs. */
    public static List<int[]> chunkBounds(List<ManifestEntry> entries) {
        List<int[]> out = new ArrayList<>();
        int start = 0;
        for (int i = 0; i < entries.size(); i++) {
            boolean boundary = (fnv1a(entries.get(i).path()) & BOUNDARY_MASK) == 0;
            if (boundary || i + 1 - start == MAX_CHUNK_ENTRIES || i + 1 == entries.size()) {
                out.add(new int[] {start, i + 1});
                start = i + 1;
            }
        }
        return out;
    }

    /** FNV-1a, 64 bit, over the path's UTF-8 bytes: the chunk boundary rule's hash. */
    static long fnv1a(String path) {
        long h = 0xcbf29ce484222325L;
        for (byte b : path.getBytes(StandardCharsets.UTF_8)) {
            h ^= b & 0xff;
            h *= 0x100000001b3L;
        }
        return h;
    }

    /**
     * The base of a chunk: the lowest logical offset of its files (0 when it holds none), so that
     * every relative offset is ≥ 0 even when files were not written in path order.
     */
    public static long base(List<ManifestEntry> chunk) {
        long base = Long.MAX_VALUE;
        for (ManifestEntry e : chunk) {
            if (e.isFile()) {
                base = Math.min(base, e.logicalOffset());
            }
        }
        return base == Long.MAX_VALUE ? 0 : base;
    }

    /** The body of a chunk: a count, then entries with file offsets relative to {@code base}. */
    public static byte[] encodeChunk(List<ManifestEntry> chunk, long base) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(64 + chunk.size() * 64);
        byte[] count = new byte[4];
        put32(count, 0, chunk.size());
        out.writeBytes(count);
        for (ManifestEntry e : chunk) {
            byte[] path = e.path().getBytes(StandardCharsets.UTF_8);
            byte[] fixed = new byte[FIXED];
            put8(fixed, 0, e.type().code());
            put16(fixed, 2, path.length);
            put32(fixed, 4, e.mode());
            put64(fixed, 8, e.mtimeSeconds());
            put32(fixed, 16, e.mtimeNanos());
            put64(fixed, 20, e.size());
            put64(fixed, 28, e.isFile() ? e.logicalOffset() - base : 0);
            out.writeBytes(fixed);
            out.writeBytes(path);
            if (e.isSymlink()) {
                out.writeBytes(e.symlinkTarget().getBytes(StandardCharsets.UTF_8));
            }
        }
        return out.toByteArray();
    }

    public static byte[] encodeIndex(List<ChunkDescriptor> chunks) {
        byte[] b = new byte[4 + DESCRIPTOR * chunks.size()];
        put32(b, 0, chunks.size());
        int o = 4;
        for (ChunkDescriptor c : chunks) {
            put16(b, o, c.source());
            put32(b, o + 4, c.entryCount());
            put64(b, o + 8, c.offset());
            put32(b, o + 16, c.length());
            put32(b, o + 20, c.crc32c());
            put64(b, o + 24, c.base());
            System.arraycopy(c.digest(), 0, b, o + 32, 32);
            o += DESCRIPTOR;
        }
        return b;
    }

    /** Decodes the manifest index; sources must lie within the chain of {@code chainDepth}. */
    public static List<ChunkDescriptor> decodeIndex(byte[] b, int chainDepth, long at, String name)
            throws CorruptManifestException {
        if (b.length < 4 || (b.length - 4) % DESCRIPTOR != 0 || u32(b, 0) != (b.length - 4) / DESCRIPTOR) {
            throw new CorruptManifestException(name, at, "manifest index of " + b.length + " bytes does not hold "
                    + (b.length < 4 ? "a count" : u32(b, 0) + " chunk descriptors"));
        }
        int n = (b.length - 4) / DESCRIPTOR;
        List<ChunkDescriptor> out = new ArrayList<>(n);
        for (int i = 0, o = 4; i < n; i++, o += DESCRIPTOR) {
            int source = u16(b, o);
            long entries = u32(b, o + 4);
            long length = u32(b, o + 16);
            if (source > chainDepth || entries < 1 || entries > MAX_CHUNK_ENTRIES || length > HeaderV1.MAX_REGION) {
                throw new CorruptManifestException(name, at + o, "manifest chunk " + i + " has source " + source
                        + ", " + entries + " entries, " + length + " bytes: impossible");
            }
            out.add(new ChunkDescriptor(source, (int) entries, i64(b, o + 8), (int) length, i32(b, o + 20),
                    i64(b, o + 24), Arrays.copyOfRange(b, o + 32, o + 64)));
        }
        return out;
    }

    /**
     * Decodes a chunk body into {@code out}, checking every entry on its own: type, a valid path
     * in valid UTF-8, mode, time, a present symlink target. Order, parents and ranges are checked
     * on the whole manifest by {@link #validate}.
     */
    public static void decodeChunk(byte[] b, ChunkDescriptor d, long at, String name, List<ManifestEntry> out)
            throws CorruptManifestException {
        if (b.length < 4 || u32(b, 0) != d.entryCount()) {
            throw new CorruptManifestException(name, at, "manifest chunk does not hold its " + d.entryCount() + " entries");
        }
        long count = d.entryCount();
        if (count * FIXED > b.length - 4) {
            throw new CorruptManifestException(name, at, "manifest chunk claims " + count + " entries but holds "
                    + b.length + " bytes");
        }
        int o = 4;
        for (long i = 0; i < count; i++) {
            if (b.length - o < FIXED) {
                throw new CorruptManifestException(name, at, "manifest entry " + i + " is truncated");
            }
            int typeCode = u8(b, o);
            EntryType type = EntryType.ofCode(typeCode);
            int pathLen = u16(b, o + 2);
            long mode = u32(b, o + 4);
            long mtime = i64(b, o + 8);
            long nanos = u32(b, o + 16);
            long size = i64(b, o + 20);
            long relative = i64(b, o + 28);
            int pathAt = o + FIXED;
            if (type == null) {
                throw new CorruptManifestException(name, at, "manifest entry " + i + " has unknown type " + typeCode);
            }
            long targetLen = type == EntryType.SYMLINK ? size : 0;
            if (pathLen == 0 || targetLen < 0 || pathLen + targetLen > b.length - pathAt) {
                throw new CorruptManifestException(name, at, "manifest entry " + i + " runs past the chunk's end");
            }
            String path = utf8(Arrays.copyOfRange(b, pathAt, pathAt + pathLen), i, at, name);
            String problem = ManifestPaths.problem(path);
            if (problem != null) {
                throw new CorruptManifestException(name, at, "manifest entry " + i + ": " + problem);
            }
            if (mode > 07777 || nanos >= 1_000_000_000L) {
                throw new CorruptManifestException(name, at, "manifest entry " + i + " '" + path
                        + "' has invalid mode or mtime");
            }
            ManifestEntry e;
            switch (type) {
                case FILE -> {
                    if (size < 0 || relative < 0 || d.base() < 0 || relative > Long.MAX_VALUE - d.base()) {
                        throw new CorruptManifestException(name, at, "file '" + path + "' has a negative size or offset");
                    }
                    e = new ManifestEntry(type, path, (int) mode, mtime, (int) nanos, size, d.base() + relative, null);
                }
                case DIRECTORY -> e = new ManifestEntry(type, path, (int) mode, mtime, (int) nanos, 0, 0, null);
                default -> {
                    if (size == 0) {
                        throw new CorruptManifestException(name, at, "symlink '" + path + "' has an empty target");
                    }
                    String target = utf8(Arrays.copyOfRange(b, pathAt + pathLen, pathAt + pathLen + (int) size), i, at,
                            name);
                    if (target.indexOf('\0') >= 0) {
                        throw new CorruptManifestException(name, at, "symlink '" + path + "' target holds a NUL byte");
                    }
                    e = new ManifestEntry(type, path, (int) mode, mtime, (int) nanos, size, 0, target);
                }
            }
            out.add(e);
            o = pathAt + pathLen + (int) targetLen;
        }
        if (o != b.length) {
            throw new CorruptManifestException(name, at, "manifest chunk has " + (b.length - o) + " trailing bytes");
        }
    }

    /**
     * Checks the whole manifest: paths strictly increasing (so none twice), every parent a
     * directory listed before its children, every file inside the logical stream.
     */
    public static void validate(List<ManifestEntry> entries, long logicalSize, long at, String name)
            throws CorruptManifestException {
        Set<String> directories = new HashSet<>();
        byte[] prev = null;
        for (int i = 0; i < entries.size(); i++) {
            ManifestEntry e = entries.get(i);
            byte[] pathBytes = e.path().getBytes(StandardCharsets.UTF_8);
            if (prev != null && Arrays.compareUnsigned(prev, pathBytes) >= 0) {
                throw new CorruptManifestException(name, at, "manifest entry " + i + " '" + e.path()
                        + (Arrays.equals(prev, pathBytes) ? "' is listed twice" : "' is out of order"));
            }
            int slash = e.path().lastIndexOf('/');
            if (slash > 0 && !directories.contains(e.path().substring(0, slash))) {
                throw new CorruptManifestException(name, at, "manifest entry " + i + " '" + e.path()
                        + "' has no parent directory entry");
            }
            if (e.isDirectory()) {
                directories.add(e.path());
            }
            if (e.isFile() && (e.logicalOffset() > logicalSize || e.size() > logicalSize - e.logicalOffset())) {
                throw new CorruptManifestException(name, at, "file '" + e.path() + "' range [" + e.logicalOffset()
                        + ", +" + e.size() + ") lies outside the archive's " + logicalSize + " bytes");
            }
            prev = pathBytes;
        }
    }

    private static String utf8(byte[] bytes, long i, long at, String name) throws CorruptManifestException {
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw new CorruptManifestException(name, at, "manifest entry " + i + " is not valid UTF-8");
        }
    }
}
