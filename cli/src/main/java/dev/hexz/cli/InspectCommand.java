package dev.hexz.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.hexz.format.AncestorRef;
import dev.hexz.format.ArchiveHeader;
import dev.hexz.format.ArchiveReader;
import dev.hexz.format.ParentChainException;
import dev.hexz.format.chunk.ChunkingParams;
import dev.hexz.format.codec.CodecId;
import dev.hexz.format.manifest.Manifest;
import dev.hexz.format.manifest.ManifestEntry;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Instant;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code hexz inspect ARCHIVE}: what an archive holds and how it was written. */
@Command(name = "inspect",
        mixinStandardHelpOptions = true,
        description = "Show an archive's format version, codec, chunking, sizes, block counts, files and metadata;"
            + " for a thin archive also its parent, chain depth, and the bytes stored here vs referenced up the"
            + " chain; whether it is encrypted and signed, and by which key (fingerprint)."
            + " Reads the header, master index and manifest only. A thin archive whose chain is broken is"
            + " still shown, then the error is reported (exit 6).",
        sortOptions = false)
final class InspectCommand implements Callable<Integer> {

    /** Created on first use: an ObjectMapper costs ~0.1 s of start-up, and every command's class is initialised. */
    private static final class Json {
        static final ObjectMapper INDENTED = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    }

    @ParentCommand
    private HexzMain main;

    @Parameters(index = "0", paramLabel = "ARCHIVE", description = "The archive to inspect.")
    private Path archive;

    @Option(names = "--chain", description = "List every ancestor of a thin archive, not only its parent.")
    private boolean showChain;

    @Option(names = "--json", description = "Print JSON instead of text.")
    private boolean json;

    @Override
    public Integer call() throws IOException {
        Terminal term = main.terminal();
        // A thin archive whose chain is broken is still described (from its own file), then the
        // chain error is reported.
        ParentChainException chainError = null;
        ArchiveReader opened;
        try {
            opened = Archives.open(archive);
        } catch (dev.hexz.format.KeyRequiredException | dev.hexz.format.WrongKeyException e) {
            printLocked(term);
            throw e;
        } catch (ParentChainException e) {
            chainError = e;
            opened = Archives.openWithoutAncestors(archive);
        }
        try (ArchiveReader r = opened) {
            ObjectNode n = describe(r);
            if (chainError != null) {
                n.put("chainError", HexzMain.messageOf(chainError));
            }
            if (json) {
                term.out().println(Json.INDENTED.writeValueAsString(n));
            } else {
                print(term.out(), n, showChain);
            }
        }
        if (chainError != null) {
            throw chainError;
        }
        return ExitCodes.OK;
    }

    private ObjectNode describe(ArchiveReader r) throws IOException {
        ArchiveHeader h = r.header();
        Manifest m = r.manifest();
        ObjectNode n = JsonNodeFactory.instance.objectNode();
        n.put("archive", archive.toString());
        n.put("formatVersion", h.majorVersion() + "." + h.minorVersion());
        n.put("kind", Archives.kind(r));
        String name = Archives.fileName(r);
        if (name != null) {
            n.put("fileName", name);
        }
        n.put("compression", h.codec().label());
        n.put("level", h.codecLevel());
        // the dictionary section's length less its 32-byte frame
        n.put("dictionaryBytes", h.dictionaryLength() == 0 ? 0 : h.dictionaryLength() - 32);
        ChunkingParams c = h.chunking();
        ObjectNode cn = n.putObject("chunking");
        cn.put("mode", c.mode() == ChunkingParams.Mode.FIXED ? "fixed" : "cdc");
        cn.put("min", c.minSize());
        cn.put("avg", c.avgSize());
        cn.put("max", c.maxSize());
        n.put("logicalSize", h.logicalSize());
        n.put("storedSize", h.storedBytes());
        long fileSize = r.archiveFileSize();
        n.put("archiveSize", fileSize);
        n.put("ratio", fileSize == 0 || h.logicalSize() == 0 ? 1.0 : (double) h.logicalSize() / fileSize);
        ObjectNode b = n.putObject("blocks");
        b.put("total", h.blockCount());
        b.put("unique", h.storedBlockCount());
        b.put("deduplicated", h.dedupBlockCount());
        b.put("zero", h.zeroBlockCount());
        b.put("referenced", h.referencedBlockCount());
        n.put("thin", h.isThin());
        n.put("chainDepth", h.chainDepth());
        n.put("referencedBlocks", h.referencedBlockCount());
        n.put("referencedBytes", h.referencedBytes());
        if (h.isThin()) {
            n.set("parent", ancestor(h.parent()));
        } else {
            n.putNull("parent");
        }
        ArrayNode chain = n.putArray("chain");
        for (AncestorRef a : r.ancestors()) {
            chain.add(ancestor(a));
        }
        n.put("files", h.fileCount());
        n.put("directories", m.entries().stream().filter(ManifestEntry::isDirectory).count());
        n.put("symlinks", m.entries().stream().filter(ManifestEntry::isSymlink).count());
        n.put("indexPages", h.pageCount());
        n.put("pageCapacity", h.pageCapacity());
        n.put("archiveId", h.archiveId().toString());
        n.put("encrypted", h.isEncrypted());
        n.set("encryption", encryption(h.encryption()));
        if (h.isSigned()) {
            ObjectNode s = n.putObject("signature");
            s.put("algorithm", "ed25519");
            s.put("key", h.signature().fingerprintText());
            s.put("fingerprint", java.util.HexFormat.of().formatHex(h.signature().fingerprint()));
        } else {
            n.putNull("signature");
        }
        n.put("created", Instant.ofEpochMilli(h.createdMillis()).toString());
        n.put("createdMillis", h.createdMillis());
        JsonNode md = r.metadata();
        n.set("metadata", md);
        return n;
    }

    private ObjectNode ancestor(AncestorRef a) {
        ObjectNode o = JsonNodeFactory.instance.objectNode();
        o.put("depth", a.depth());
        o.put("path", a.path());
        o.put("location", Archives.ancestorLocation(archive, a).toString());
        o.put("archiveId", a.id().toString());
        o.put("indexDigest", a.indexDigestHex());
        return o;
    }

    private static void print(PrintStream out, ObjectNode n, boolean showChain) {
        JsonNode c = n.get("chunking");
        JsonNode b = n.get("blocks");
        String kind = n.get("kind").asText();
        String kindLine = switch (kind) {
            case "directory" -> "directory (" + Units.count(n.get("files").asLong(), "file", "files") + ", "
                    + Units.count(n.get("directories").asLong(), "directory", "directories") + ", "
                    + Units.count(n.get("symlinks").asLong(), "symlink", "symlinks") + ")";
            case "file" -> "file '" + n.get("fileName").asText() + "'";
            default -> "stream (raw bytes, no file names)";
        };
        String codec = n.get("compression").asText();
        int level = n.get("level").asInt();
        String codecLine = codec.equals(CodecId.NONE.label()) ? "none"
                : codec + ", level " + level + (level == 0 ? " (default)" : "")
                    + (n.get("dictionaryBytes").asLong() > 0
                        ? ", trained dictionary of " + Units.bytes(n.get("dictionaryBytes").asLong()) : "");
        String chunkLine = c.get("mode").asText().equals("fixed")
                ? "fixed, " + Units.bytes(c.get("avg").asLong()) + " blocks"
                : "cdc (FastCDC), min " + Units.bytes(c.get("min").asLong()) + ", avg "
                    + Units.bytes(c.get("avg").asLong()) + ", max " + Units.bytes(c.get("max").asLong());
        row(out, "archive", n.get("archive").asText());
        row(out, "format", "version " + n.get("formatVersion").asText());
        row(out, "kind", kindLine);
        row(out, "compression", codecLine);
        row(out, "chunking", chunkLine);
        boolean thin = n.get("thin").asBoolean();
        if (thin) {
            JsonNode p = n.get("parent");
            row(out, "parent", p.get("location").asText() + " (" + p.get("archiveId").asText() + ")");
            row(out, "chain depth", n.get("chainDepth").asText());
            if (showChain) {
                for (JsonNode a : n.get("chain")) {
                    row(out, "  ancestor " + a.get("depth").asInt(), a.get("location").asText() + " ("
                            + a.get("archiveId").asText() + ")");
                }
            }
        }
        row(out, "logical size", Units.bytesExact(n.get("logicalSize").asLong()));
        row(out, thin ? "stored here" : "stored size", Units.bytesExact(n.get("storedSize").asLong()));
        if (thin) {
            row(out, "referenced", Units.bytesExact(n.get("referencedBytes").asLong()) + " in "
                    + Units.count(n.get("referencedBlocks").asLong(), "block", "blocks") + " stored up the chain");
        }
        row(out, "archive size", Units.bytesExact(n.get("archiveSize").asLong()));
        row(out, "ratio", Units.ratio(n.get("ratio").asDouble()) + " (logical size / archive size)");
        row(out, "blocks", b.get("total").asLong() + ": " + b.get("unique").asLong() + " unique, "
                + b.get("deduplicated").asLong() + " deduplicated, " + b.get("zero").asLong() + " zero"
                + (thin ? ", " + b.get("referenced").asLong() + " referenced" : ""));
        row(out, "files", n.get("files").asText());
        row(out, "index pages", n.get("indexPages").asLong() + " (up to " + n.get("pageCapacity").asLong()
                + " blocks each)");
        row(out, "archive id", n.get("archiveId").asText());
        row(out, "encrypted", encryptedLine(n));
        JsonNode sig = n.get("signature");
        row(out, "signed", sig == null || sig.isNull() ? "no"
                : "yes, by key " + sig.get("key").asText() + " (hexz verify --key checks it)");
        row(out, "created", n.get("created").asText());
        JsonNode md = n.get("metadata");
        row(out, "metadata", md == null || md.isNull() ? "(none)" : md.toString());
    }

    /** The encryption slot as JSON (null for a plain archive): cipher, key source, Argon2id costs. */
    static JsonNode encryption(dev.hexz.format.EncryptionSlot e) {
        if (e == null) {
            return com.fasterxml.jackson.databind.node.NullNode.getInstance();
        }
        ObjectNode n = JsonNodeFactory.instance.objectNode();
        n.put("cipher", "aes-256-gcm");
        n.put("keySource", e.keySource() == dev.hexz.format.EncryptionSlot.PASSWORD ? "password" : "key-file");
        if (e.kdf() != null) {
            ObjectNode k = n.putObject("argon2id");
            k.put("memoryKiB", e.kdf().memoryKiB());
            k.put("passes", e.kdf().iterations());
            k.put("lanes", e.kdf().lanes());
        }
        return n;
    }

    private static String encryptedLine(JsonNode n) {
        JsonNode e = n.get("encryption");
        if (e == null || e.isNull()) {
            return "no";
        }
        JsonNode k = e.get("argon2id");
        return "yes, AES-256-GCM, " + (k == null ? "with a key file"
                : "with a password (Argon2id, " + Units.bytes(k.get("memoryKiB").asLong() * 1024) + ", "
                    + Units.count(k.get("passes").asInt(), "pass", "passes") + ", "
                    + Units.count(k.get("lanes").asInt(), "lane", "lanes") + ")");
    }

    /**
     * What the plain header of an encrypted archive says, for {@code inspect} without its key:
     * that it is encrypted and how, and who signed it. Nothing else is readable.
     */
    private void printLocked(Terminal term) throws IOException {
        byte[] head;
        long size = java.nio.file.Files.size(archive);
        try (java.io.InputStream in = java.nio.file.Files.newInputStream(archive)) {
            head = in.readNBytes(dev.hexz.format.v1.HeaderV1.SIZE);
        }
        dev.hexz.format.EncryptionSlot e = dev.hexz.format.v1.HeaderV1.encryptionSlot(head, size, archive.toString());
        ObjectNode n = JsonNodeFactory.instance.objectNode();
        n.put("archive", archive.toString());
        n.put("encrypted", true);
        n.set("encryption", encryption(e));
        n.put("locked", true);
        if (json) {
            term.out().println(Json.INDENTED.writeValueAsString(n));
        } else {
            row(term.out(), "archive", archive.toString());
            row(term.out(), "encrypted", encryptedLine(n));
            row(term.out(), "(locked)", "everything else is encrypted; give the password or key file to see it");
        }
    }

    private static void row(PrintStream out, String label, String value) {
        out.printf("%-13s %s%n", label, value);
    }
}
