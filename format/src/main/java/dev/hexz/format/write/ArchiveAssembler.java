package dev.hexz.format.write;

import dev.hexz.format.ArchiveHeader;
import dev.hexz.format.ArchiveId;
import dev.hexz.format.ArchiveSummary;
import dev.hexz.format.WriterOptions;
import dev.hexz.format.chunk.Chunker;
import dev.hexz.format.codec.BlockCodec;
import dev.hexz.format.io.AtomicOutputFile;
import dev.hexz.format.manifest.Manifest;
import dev.hexz.format.manifest.ManifestEntry;
import dev.hexz.format.manifest.ManifestPaths;
import dev.hexz.format.v1.HeaderV1;
import dev.hexz.format.v1.ManifestV1;
import dev.hexz.format.v1.MasterIndexV1;
import dev.hexz.format.v1.PageDescriptor;
import dev.hexz.format.v1.SectionV1;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Lays an archive out in its file: header slot, data region (through the chunk pipeline), index
 * pages, master index, manifest and metadata sections, then the header, and publishes it. The
 * {@link dev.hexz.format.ArchiveWriter} decides what goes in; this class decides where.
 */
public final class ArchiveAssembler implements AutoCloseable {

    private final Path target;
    private final WriterOptions options;
    private final AtomicOutputFile file;
    private final IndexBuilder index;
    private final BlockSink sink;
    private final ChunkPipeline pipeline;

    private ArchiveAssembler(Path target, WriterOptions options, AtomicOutputFile file) {
        this.target = target.toAbsolutePath().normalize();
        this.options = options;
        this.file = file;
        this.index = new IndexBuilder(options.pageCapacity());
        this.sink = new BlockSink(file.channel(), file.tempPath(), HeaderV1.SIZE, index);
        this.pipeline = new ChunkPipeline(Chunker.of(options.chunking()),
                new BlockEncoder(BlockCodec.of(options.codec(), options.level())), sink, options.threads());
    }

    public static ArchiveAssembler create(Path target, WriterOptions options) throws IOException {
        return new ArchiveAssembler(target, options, AtomicOutputFile.create(target));
    }

    /** The output and its temporary file: a tree scan must not archive the archive being written. */
    public Set<Path> ownFiles() {
        return Set.of(target, file.tempPath().toAbsolutePath().normalize());
    }

    public long position() {
        return pipeline.position();
    }

    public long feed(InputStream in) throws IOException {
        return pipeline.feed(in);
    }

    /** Writes everything after the data and publishes the archive. */
    public ArchiveSummary finish(List<ManifestEntry> entries, boolean directory, String metadataJson,
            List<String> skipped) throws IOException {
        pipeline.finish();
        sink.flush();
        FileChannel out = file.channel();
        long dataEnd = sink.dataEnd();
        List<PageDescriptor> pages = index.writePages(out, dataEnd);
        long pos = pages.isEmpty() ? dataEnd : pages.get(pages.size() - 1).pageOffset() + pages.get(pages.size() - 1).pageLength();

        byte[] master = MasterIndexV1.encode(pages);
        long masterAt = pos;
        pos = write(out, pos, master);

        Manifest manifest = new Manifest(complete(entries, directory));
        long manifestAt = 0;
        long manifestLen = 0;
        if (manifest.size() > 0) {
            byte[] section = SectionV1.encode(SectionV1.MANIFEST_MAGIC, ManifestV1.encode(manifest));
            manifestAt = pos;
            manifestLen = section.length;
            pos = write(out, pos, section);
        }
        long metadataAt = 0;
        long metadataLen = 0;
        if (metadataJson != null) {
            byte[] section = SectionV1.encode(SectionV1.METADATA_MAGIC, metadataJson.getBytes(StandardCharsets.UTF_8));
            metadataAt = pos;
            metadataLen = section.length;
            pos = write(out, pos, section);
        }
        ArchiveId id = options.archiveId() != null ? options.archiveId() : ArchiveId.random();
        long created = options.createdMillis() != null ? options.createdMillis() : System.currentTimeMillis();
        long fileCount = manifest.fileCount();
        ArchiveHeader header = new ArchiveHeader(HeaderV1.MAJOR, HeaderV1.MINOR,
                directory ? ArchiveHeader.FLAG_DIRECTORY : 0, options.codec(), options.level(),
                ArchiveHeader.HASH_BLAKE3_256, options.chunking(), options.pageCapacity(), id, created,
                sink.logicalSize(), HeaderV1.SIZE, dataEnd - HeaderV1.SIZE, masterAt, master.length, manifestAt,
                manifestLen, metadataAt, metadataLen, index.blocks(), sink.uniqueBlocks(), sink.dedupBlocks(),
                sink.zeroBlocks(), fileCount, pages.size());
        write(out, 0, HeaderV1.encode(header));
        out.truncate(pos);
        file.commit();
        return new ArchiveSummary(target, id, sink.logicalSize(), dataEnd - HeaderV1.SIZE, pos, index.blocks(),
                sink.uniqueBlocks(), sink.dedupBlocks(), sink.zeroBlocks(), fileCount, List.copyOf(skipped));
    }

    /** Sorts entries into manifest order and adds any missing parent directory (mode 0755, mtime 0). */
    private static List<ManifestEntry> complete(List<ManifestEntry> entries, boolean directory) {
        List<ManifestEntry> all = new ArrayList<>(entries);
        if (directory) {
            Set<String> dirs = new HashSet<>();
            for (ManifestEntry e : entries) {
                if (e.isDirectory()) {
                    dirs.add(e.path());
                }
            }
            for (ManifestEntry e : entries) {
                for (String parent = e.parentPath(); !parent.isEmpty(); parent = parentOf(parent)) {
                    if (dirs.add(parent)) {
                        all.add(ManifestEntry.directory(parent, 0755, 0, 0));
                    }
                }
            }
        }
        all.sort(Comparator.comparing(ManifestEntry::path, ManifestPaths::compare));
        return all;
    }

    private static String parentOf(String path) {
        int slash = path.lastIndexOf('/');
        return slash < 0 ? "" : path.substring(0, slash);
    }

    private static long write(FileChannel out, long pos, byte[] bytes) throws IOException {
        ByteBuffer b = ByteBuffer.wrap(bytes);
        long p = pos;
        while (b.hasRemaining()) {
            p += out.write(b, p);
        }
        return p;
    }

    @Override
    public void close() throws IOException {
        pipeline.close();
        file.close();
    }
}
