package dev.hexz.store;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hexz.format.ArchiveId;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * The store's keys and values, byte for byte as store/SCHEMA.md describes them: the one class that
 * knows the layout. Change it only together with SCHEMA.md and {@link #VERSION}.
 */
final class StoreSchema {

    /** The schema version this build writes and reads. */
    static final long VERSION = 1;

    static final String CF_META = "meta";
    static final String CF_BLOCKS = "blocks";
    static final String CF_BY_ARCHIVE = "by-archive";
    static final String CF_ARCHIVES = "archives";

    static final byte[] META_SCHEMA_VERSION = "schema-version".getBytes(StandardCharsets.US_ASCII);
    static final byte[] META_CREATED_MILLIS = "created-millis".getBytes(StandardCharsets.US_ASCII);

    static final int HASH = 32;
    static final int ID = 16;
    static final int BLOCK_KEY = HASH + ID;
    static final int BLOCK_VALUE = 12;

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HexFormat HEX = HexFormat.of();

    private StoreSchema() {
    }

    static byte[] u64(long v) {
        byte[] b = new byte[8];
        Bytes.putLongLE(b, 0, v);
        return b;
    }

    static long u64(byte[] b, String what) throws IOException {
        if (b.length != 8) {
            throw new IOException(what + " is " + b.length + " bytes, expected 8");
        }
        return Bytes.getLongLE(b, 0);
    }

    /** {@code blocks} key: hash ‖ archive id. */
    static byte[] blockKey(byte[] hash, byte[] archiveId) {
        byte[] k = new byte[BLOCK_KEY];
        System.arraycopy(hash, 0, k, 0, HASH);
        System.arraycopy(archiveId, 0, k, HASH, ID);
        return k;
    }

    /** {@code by-archive} key: archive id ‖ hash. */
    static byte[] byArchiveKey(byte[] archiveId, byte[] hash) {
        byte[] k = new byte[BLOCK_KEY];
        System.arraycopy(archiveId, 0, k, 0, ID);
        System.arraycopy(hash, 0, k, ID, HASH);
        return k;
    }

    /** {@code blocks} value: entry number (u64 LE) ‖ raw length (u32 LE). */
    static byte[] blockValue(long entryNumber, int rawLength) {
        byte[] v = new byte[BLOCK_VALUE];
        Bytes.putLongLE(v, 0, entryNumber);
        Bytes.putIntLE(v, 8, rawLength);
        return v;
    }

    static BlockLocation location(byte[] key, byte[] value) throws IOException {
        if (key.length != BLOCK_KEY || value.length != BLOCK_VALUE) {
            throw new IOException("block entry with a " + key.length + "-byte key and a " + value.length
                    + "-byte value, expected " + BLOCK_KEY + " and " + BLOCK_VALUE);
        }
        long entry = Bytes.getLongLE(value, 0);
        int raw = Bytes.getIntLE(value, 8);
        if (entry < 0 || raw <= 0) {
            throw new IOException("block entry with entry number " + entry + " and raw length " + raw);
        }
        return new BlockLocation(ArchiveId.of(Arrays.copyOfRange(key, HASH, BLOCK_KEY)), entry, raw);
    }

    /** {@code archives} value: a UTF-8 JSON object (SCHEMA.md lists the fields). */
    static byte[] archiveValue(ArchiveRecord r) {
        ObjectNode n = JSON.createObjectNode();
        n.put("path", r.path().toString());
        if (r.parent() != null) {
            n.put("parent", r.parent().toString());
        }
        if (r.indexDigest() != null) {
            n.put("indexDigest", HEX.formatHex(r.indexDigest()));
        }
        n.put("logicalSize", r.logicalSize());
        n.put("storedBytes", r.storedBytes());
        n.put("archiveFileSize", r.archiveFileSize());
        n.put("createdMillis", r.createdMillis());
        n.put("registeredMillis", r.registeredMillis());
        n.put("chainDepth", r.chainDepth());
        try {
            return JSON.writeValueAsBytes(n);
        } catch (IOException e) {
            throw new IllegalStateException("cannot happen: a tree of strings and numbers", e);
        }
    }

    static ArchiveRecord archiveRecord(byte[] key, byte[] value) throws IOException {
        if (key.length != ID) {
            throw new IOException("archive record with a " + key.length + "-byte key, expected " + ID);
        }
        JsonNode n;
        try {
            n = JSON.readTree(value);
        } catch (IOException e) {
            throw new IOException("archive record " + HEX.formatHex(key) + " is not JSON: " + e.getMessage(), e);
        }
        try {
            String parent = text(n, "parent");
            String digest = text(n, "indexDigest");
            return new ArchiveRecord(ArchiveId.of(key), Path.of(required(n, "path").asText()),
                    parent == null ? null : ArchiveId.parse(parent), digest == null ? null : HEX.parseHex(digest),
                    required(n, "logicalSize").asLong(), required(n, "storedBytes").asLong(),
                    required(n, "archiveFileSize").asLong(), required(n, "createdMillis").asLong(),
                    required(n, "registeredMillis").asLong(), required(n, "chainDepth").asInt());
        } catch (RuntimeException e) {
            throw new IOException("archive record " + HEX.formatHex(key) + " is invalid: " + e.getMessage(), e);
        }
    }

    private static String text(JsonNode n, String field) {
        JsonNode v = n.get(field);
        return v == null || v.isNull() ? null : v.asText();
    }

    private static JsonNode required(JsonNode n, String field) {
        JsonNode v = n.get(field);
        if (v == null || v.isNull()) {
            throw new IllegalArgumentException("no field '" + field + "'");
        }
        return v;
    }
}
