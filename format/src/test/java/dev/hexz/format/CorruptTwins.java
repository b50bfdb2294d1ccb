package dev.hexz.format;

import dev.hexz.format.manifest.ManifestEntry;
import dev.hexz.format.v1.HeaderV1;
import dev.hexz.format.v1.ManifestV1;
import dev.hexz.format.v1.SectionV1;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32C;

/**
 * The corrupt twins of the golden archives, each damaged in one documented way. Committed
 * under {@code golden/corrupt/} (written by the golden regeneration) and rebuilt here so that
 * the test can also check the committed copies are exactly these bytes.
 */
final class CorruptTwins {

    static final Path DIR = GoldenArchives.DIR.resolve("corrupt");

    private CorruptTwins() {
    }

    static Map<String, byte[]> all() throws IOException {
        Map<String, byte[]> twins = new LinkedHashMap<>();
        byte[] lz4 = GoldenArchives.read("lz4-cdc");
        twins.put("bad-magic", with(lz4, b -> b[0] = 'X'));
        twins.put("future-version", with(lz4, b -> {
            le(b).putShort(8, (short) 2);
            reseal(b);
        }));
        twins.put("truncated-header", Arrays.copyOf(lz4, 1000));
        twins.put("index-offset-past-end", with(lz4, b -> {
            le(b).putLong(96, b.length + 100L);
            reseal(b);
        }));
        twins.put("huge-page-count", with(lz4, b -> {
            long master = le(b).getLong(96);
            le(b).putInt((int) master + 4, 0x7fffffff);
        }));
        twins.put("flipped-data-byte", with(lz4, b -> b[HeaderV1.SIZE + 100] ^= 0x40));
        twins.put("bad-manifest-path", badManifestPath());
        twins.put("empty", new byte[0]);
        return twins;
    }

    /** The golden directory archive with its manifest replaced by one naming "../escape". */
    private static byte[] badManifestPath() throws IOException {
        byte[] dir = GoldenArchives.read("directory");
        List<ManifestEntry> entries = new ArrayList<>();
        entries.add(ManifestEntry.file("../escape", 0644, 0, 0, 4, 0));
        byte[] body = ManifestV1.encodeChunk(entries, 0);
        byte[] chunk = SectionV1.encode(ManifestV1.CHUNK_MAGIC, body);
        CRC32C crc = new CRC32C();
        crc.update(chunk);
        ManifestV1.ChunkDescriptor d = new ManifestV1.ChunkDescriptor(0, 1, dir.length, chunk.length,
                (int) crc.getValue(), 0, dev.hexz.format.hash.Blake3.hash(body, 0, body.length));
        byte[] index = SectionV1.encode(SectionV1.MANIFEST_MAGIC, ManifestV1.encodeIndex(List.of(d)));
        byte[] out = Arrays.copyOf(dir, dir.length + chunk.length + index.length);
        System.arraycopy(chunk, 0, out, dir.length, chunk.length);
        System.arraycopy(index, 0, out, dir.length + chunk.length, index.length);
        le(out).putLong(112, dir.length + chunk.length);
        le(out).putLong(120, index.length);
        reseal(out);
        return out;
    }

    static void writeAll() throws IOException {
        Files.createDirectories(DIR);
        for (Map.Entry<String, byte[]> t : all().entrySet()) {
            Files.write(DIR.resolve(t.getKey() + ".hxz"), t.getValue());
        }
    }

    private interface Damage {
        void apply(byte[] b);
    }

    private static byte[] with(byte[] original, Damage d) {
        byte[] b = original.clone();
        d.apply(b);
        return b;
    }

    private static ByteBuffer le(byte[] b) {
        return ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN);
    }

    /** Recomputes the header checksum, so that the twin fails on the damage, not on the checksum. */
    private static void reseal(byte[] b) {
        CRC32C c = new CRC32C();
        c.update(b, 0, HeaderV1.SIZE - 4);
        le(b).putInt(HeaderV1.SIZE - 4, (int) c.getValue());
    }
}
