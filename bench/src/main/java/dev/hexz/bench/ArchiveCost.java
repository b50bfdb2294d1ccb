package dev.hexz.bench;

import dev.hexz.format.ArchiveHeader;
import dev.hexz.format.ArchiveReader;
import dev.hexz.format.v1.ManifestV1;
import dev.hexz.format.v1.PageDescriptor;
import java.io.IOException;
import java.util.Locale;

/**
 * Where the bytes of one archive file go: header, own data region, own index pages (and how many
 * pages are shared from ancestors instead), master index, manifest (index section and own chunks),
 * ancestors section. For the thin-archive benchmarks, which ask what a thin archive costs.
 */
record ArchiveCost(long fileBytes, long dataBytes, int ownPages, long ownPageBytes, int sharedPages,
        long masterIndexBytes, long manifestBytes, int ownManifestChunks, int sharedManifestChunks,
        long ancestorsBytes, long blocks, long referencedBlocks) {

    static ArchiveCost of(ArchiveReader r) throws IOException {
        ArchiveHeader h = r.header();
        int own = 0;
        int shared = 0;
        long ownBytes = 0;
        for (PageDescriptor d : r.pageDescriptors()) {
            if (d.source() == 0) {
                own++;
                ownBytes += d.pageLength();
            } else {
                shared++;
            }
        }
        long manifest = h.manifestLength();
        int ownChunks = 0;
        int sharedChunks = 0;
        if (h.manifestLength() > 0) {
            for (ManifestV1.ChunkDescriptor c : r.manifestChunks()) {
                if (c.source() == 0) {
                    ownChunks++;
                    manifest += c.length();
                } else {
                    sharedChunks++;
                }
            }
        }
        return new ArchiveCost(r.archiveFileSize(), h.dataLength(), own, ownBytes, shared, h.masterIndexLength(),
                manifest, ownChunks, sharedChunks, h.ancestorsLength(), h.blockCount(), h.referencedBlockCount());
    }

    /** One line of {@code key=value} pairs (the scripts parse it). */
    String line() {
        return String.format(Locale.ROOT, "file=%d data=%d own_pages=%d own_page_bytes=%d shared_pages=%d master=%d "
                + "manifest=%d own_manifest_chunks=%d shared_manifest_chunks=%d ancestors=%d blocks=%d referenced=%d",
                fileBytes, dataBytes, ownPages, ownPageBytes, sharedPages, masterIndexBytes, manifestBytes,
                ownManifestChunks, sharedManifestChunks, ancestorsBytes, blocks, referencedBlocks);
    }
}
