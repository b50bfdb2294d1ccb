package dev.hexz.format.v1;

import static dev.hexz.format.v1.LittleEndian.put16;
import static dev.hexz.format.v1.LittleEndian.put32;
import static dev.hexz.format.v1.LittleEndian.u16;
import static dev.hexz.format.v1.LittleEndian.u32;

import dev.hexz.format.AncestorRef;
import dev.hexz.format.ArchiveId;
import dev.hexz.format.CorruptHeaderException;
import dev.hexz.format.ParentChainException;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The byte layout of the ancestors section body (format/SPEC.md, "Thin archives"): the whole
 * chain of a thin archive, parent first, so that a block stored k archives up is read from that
 * archive directly, without walking the chain.
 */
public final class AncestorsV1 {

    public static final byte[] MAGIC = {'H', 'X', 'A', 'N'};

    private AncestorsV1() {
    }

    public static byte[] encode(List<AncestorRef> chain) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] count = new byte[4];
        put32(count, 0, chain.size());
        out.writeBytes(count);
        for (AncestorRef a : chain) {
            byte[] path = a.path().getBytes(StandardCharsets.UTF_8);
            byte[] fixed = new byte[50];
            System.arraycopy(a.id().bytes(), 0, fixed, 0, 16);
            System.arraycopy(a.indexDigest(), 0, fixed, 16, 32);
            put16(fixed, 48, path.length);
            out.writeBytes(fixed);
            out.writeBytes(path);
        }
        return out.toByteArray();
    }

    /**
     * Decodes the chain of archive {@code self}: exactly {@code depth} ancestors, the first one the
     * header's parent, no archive twice and never {@code self} (a cycle).
     */
    public static List<AncestorRef> decode(byte[] b, int depth, ArchiveId self, AncestorRef parent, long at,
            String name) throws CorruptHeaderException, ParentChainException {
        if (b.length < 4 || u32(b, 0) != depth) {
            throw new CorruptHeaderException(name, at, "ancestors section does not list the header's "
                    + depth + " ancestors");
        }
        List<AncestorRef> chain = new ArrayList<>(depth);
        Set<ArchiveId> seen = new HashSet<>();
        seen.add(self);
        int o = 4;
        for (int k = 1; k <= depth; k++) {
            if (b.length - o < 50) {
                throw new CorruptHeaderException(name, at, "ancestors section truncated at ancestor " + k);
            }
            ArchiveId id = ArchiveId.of(Arrays.copyOfRange(b, o, o + 16));
            byte[] digest = Arrays.copyOfRange(b, o + 16, o + 48);
            int len = u16(b, o + 48);
            if (b.length - o - 50 < len) {
                throw new CorruptHeaderException(name, at, "ancestors section truncated at ancestor " + k);
            }
            String path = new String(b, o + 50, len, StandardCharsets.UTF_8);
            if (!seen.add(id)) {
                throw new ParentChainException(name, "cycle in the parent chain: archive " + id
                        + " appears twice (ancestor " + k + ")");
            }
            chain.add(new AncestorRef(k, id, digest, path));
            o += 50 + len;
        }
        if (o != b.length) {
            throw new CorruptHeaderException(name, at, "ancestors section has trailing bytes");
        }
        AncestorRef first = chain.get(0);
        if (!first.id().equals(parent.id()) || !Arrays.equals(first.indexDigest(), parent.indexDigest())) {
            throw new CorruptHeaderException(name, at, "ancestors section and header name different parents");
        }
        return chain;
    }
}
