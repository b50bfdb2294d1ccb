package dev.hexz.format.v1;

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
import dev.hexz.format.manifest.Manifest;
import dev.hexz.format.manifest.ManifestEntry;
import dev.hexz.format.manifest.ManifestPaths;
import java.io.ByteArrayOutputStream;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** The byte layout of the manifest body (format/SPEC.md, "Manifest"), inside a section. */
public final class ManifestV1 {

    static final int FIXED = 36;

    private ManifestV1() {
    }

    public static byte[] encode(Manifest m) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(64 + m.size() * 64);
        byte[] count = new byte[4];
        put32(count, 0, m.size());
        out.writeBytes(count);
        for (ManifestEntry e : m.entries()) {
            byte[] path = e.path().getBytes(StandardCharsets.UTF_8);
            byte[] fixed = new byte[FIXED];
            put8(fixed, 0, e.type().code());
            put16(fixed, 2, path.length);
            put32(fixed, 4, e.mode());
            put64(fixed, 8, e.mtimeSeconds());
            put32(fixed, 16, e.mtimeNanos());
            put64(fixed, 20, e.size());
            put64(fixed, 28, e.logicalOffset());
            out.writeBytes(fixed);
            out.writeBytes(path);
            if (e.isSymlink()) {
                out.writeBytes(e.symlinkTarget().getBytes(StandardCharsets.UTF_8));
            }
        }
        return out.toByteArray();
    }

    /**
     * Decodes and validates a manifest body: every path valid, strictly increasing, its parent a
     * listed directory; file ranges within the logical stream; symlink targets present.
     */
    public static Manifest decode(byte[] b, long logicalSize, long at, String name) throws CorruptManifestException {
        if (b.length < 4) {
            throw new CorruptManifestException(name, at, "manifest is " + b.length + " bytes, too short for its count");
        }
        long count = u32(b, 0);
        if (count * FIXED > b.length - 4) {
            throw new CorruptManifestException(name, at, "manifest claims " + count + " entries but holds "
                    + b.length + " bytes");
        }
        List<ManifestEntry> entries = new ArrayList<>((int) count);
        Set<String> directories = new HashSet<>();
        byte[] prev = null;
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
            long logical = i64(b, o + 28);
            int pathAt = o + FIXED;
            if (type == null) {
                throw new CorruptManifestException(name, at, "manifest entry " + i + " has unknown type " + typeCode);
            }
            long targetLen = type == EntryType.SYMLINK ? size : 0;
            if (pathLen == 0 || targetLen < 0 || pathLen + targetLen > b.length - pathAt) {
                throw new CorruptManifestException(name, at, "manifest entry " + i + " runs past the manifest's end");
            }
            byte[] pathBytes = java.util.Arrays.copyOfRange(b, pathAt, pathAt + pathLen);
            String path = utf8(pathBytes, i, at, name);
            String problem = ManifestPaths.problem(path);
            if (problem != null) {
                throw new CorruptManifestException(name, at, "manifest entry " + i + ": " + problem);
            }
            if (prev != null && java.util.Arrays.compareUnsigned(prev, pathBytes) >= 0) {
                throw new CorruptManifestException(name, at, "manifest entry " + i + " '" + path
                        + (java.util.Arrays.equals(prev, pathBytes) ? "' is listed twice" : "' is out of order"));
            }
            int slash = path.lastIndexOf('/');
            if (slash > 0 && !directories.contains(path.substring(0, slash))) {
                throw new CorruptManifestException(name, at, "manifest entry " + i + " '" + path
                        + "' has no parent directory entry");
            }
            if (mode > 07777 || nanos >= 1_000_000_000L) {
                throw new CorruptManifestException(name, at, "manifest entry " + i + " '" + path
                        + "' has invalid mode or mtime");
            }
            ManifestEntry e;
            switch (type) {
                case FILE -> {
                    if (size < 0 || logical < 0 || logical > logicalSize || size > logicalSize - logical) {
                        throw new CorruptManifestException(name, at, "file '" + path + "' range [" + logical + ", +"
                                + size + ") lies outside the archive's " + logicalSize + " bytes");
                    }
                    e = new ManifestEntry(type, path, (int) mode, mtime, (int) nanos, size, logical, null);
                }
                case DIRECTORY -> {
                    directories.add(path);
                    e = new ManifestEntry(type, path, (int) mode, mtime, (int) nanos, 0, 0, null);
                }
                default -> {
                    if (size == 0) {
                        throw new CorruptManifestException(name, at, "symlink '" + path + "' has an empty target");
                    }
                    String target = utf8(java.util.Arrays.copyOfRange(b, pathAt + pathLen, pathAt + pathLen + (int) size),
                            i, at, name);
                    if (target.indexOf('\0') >= 0) {
                        throw new CorruptManifestException(name, at, "symlink '" + path + "' target holds a NUL byte");
                    }
                    e = new ManifestEntry(type, path, (int) mode, mtime, (int) nanos, size, 0, target);
                }
            }
            entries.add(e);
            prev = pathBytes;
            o = pathAt + pathLen + (int) targetLen;
        }
        if (o != b.length) {
            throw new CorruptManifestException(name, at, "manifest has " + (b.length - o) + " trailing bytes");
        }
        return new Manifest(entries);
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
