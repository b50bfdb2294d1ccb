package dev.hexz.format.write;

import dev.hexz.format.codec.CodecId;
import dev.hexz.format.hash.Blake3;
import dev.hexz.format.v1.IndexPageV1;
import dev.hexz.format.v1.PageDescriptor;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Collects block entries into sealed index pages, then writes the pages after the data region
 * and describes them for the master index. A thin archive's entries that reproduce a whole page
 * of its parent, entry for entry, are not written again: the master index points at the
 * parent's page instead ("pages by reference", format/SPEC.md). Own pages are kept in memory
 * until the end: 64 bytes per block, about 1 MiB per GiB of input at the default chunk size.
 */
final class IndexBuilder {

    /** One entry, as {@link #add} received it; kept only while it may belong to a shared page. */
    private record Entry(long logical, long storedOffset, int rawLength, int storedLength, int crc, CodecId codec,
            int flags, int source, byte[] hash) {
    }

    /** A page of the master index: written here ({@code bytes}), or shared from an ancestor. */
    private record Item(long firstLogical, int entries, byte[] bytes, PageDescriptor shared) {
    }

    private final int capacity;
    private final ParentBlocks parent;
    private final List<Item> items = new ArrayList<>();
    private byte[] page;
    private int entries;
    private long pageFirstLogical;
    private long blocks;

    // a run of entries that so far matches parent page runPage from its first entry on
    private PageDescriptor runPage;
    private long runNext;
    private final List<Entry> run = new ArrayList<>();

    IndexBuilder(int capacity, ParentBlocks parent) {
        this.capacity = capacity;
        this.parent = parent;
    }

    /**
     * Adds the next entry of the stream. {@code parentEntry} is the number of the parent's entry
     * it copies, or -1. An entry copying the first entry of a parent page starts a run; a run that
     * goes on to match the whole page, entry for entry, becomes a shared page.
     */
    void add(long logicalOffset, long storedOffset, int rawLength, int storedLength, int crc, CodecId codec, int flags,
            int source, byte[] hash, int hashOff, long parentEntry) {
        blocks++;
        if (parent == null) {
            addOwn(logicalOffset, storedOffset, rawLength, storedLength, crc, codec, flags, source, hash, hashOff);
            return;
        }
        Entry e = new Entry(logicalOffset, storedOffset, rawLength, storedLength, crc, codec, flags, source,
                Arrays.copyOfRange(hash, hashOff, hashOff + 32));
        if (runPage != null) {
            if (parent.sameAs(runNext, rawLength, (flags & dev.hexz.format.BlockEntry.FLAG_ZERO) != 0, storedOffset, source,
                    hash, hashOff)) {
                run.add(e);
                runNext++;
                completeRun();
                return;
            }
            abandonRun();
        }
        PageDescriptor p = parentEntry < 0 ? null : parent.pageStartingAt(parentEntry);
        if (p != null) {
            runPage = p;
            runNext = parentEntry + 1;
            run.add(e);
            completeRun();
        } else {
            addOwn(e);
        }
    }

    private void completeRun() {
        if (run.size() == runPage.entryCount()) {
            if (page != null) {
                seal();
            }
            items.add(new Item(run.get(0).logical(), run.size(), null, runPage));
            run.clear();
            runPage = null;
        }
    }

    private void abandonRun() {
        runPage = null;
        List<Entry> pending = new ArrayList<>(run);
        run.clear();
        for (Entry e : pending) {
            addOwn(e);
        }
    }

    private void addOwn(Entry e) {
        addOwn(e.logical(), e.storedOffset(), e.rawLength(), e.storedLength(), e.crc(), e.codec(), e.flags(), e.source(),
                e.hash(), 0);
    }

    private void addOwn(long logicalOffset, long storedOffset, int rawLength, int storedLength, int crc, CodecId codec,
            int flags, int source, byte[] hash, int hashOff) {
        if (page == null) {
            page = new byte[IndexPageV1.encodedLength(capacity)];
            entries = 0;
            pageFirstLogical = logicalOffset;
        }
        IndexPageV1.putEntry(page, entries++, logicalOffset - pageFirstLogical, storedOffset, rawLength, storedLength,
                crc, codec, flags, source, hash, hashOff);
        if (entries == capacity) {
            seal();
        }
    }

    private void seal() {
        int len = IndexPageV1.seal(page, entries);
        items.add(new Item(pageFirstLogical, entries, len == page.length ? page : Arrays.copyOf(page, len), null));
        page = null;
    }

    long blocks() {
        return blocks;
    }

    /**
     * Writes every own page at {@code position} onwards, feeding their bytes to {@code digest}
     * (the archive's index digest), sealed with {@code cipher} when it is not null (an encrypted
     * archive); returns the descriptors of all pages, own and shared.
     */
    List<PageDescriptor> writePages(FileChannel out, long position, Blake3.Hasher digest,
            dev.hexz.format.crypt.ArchiveCipher cipher) throws IOException {
        if (runPage != null) {
            abandonRun();
        }
        if (page != null) {
            seal();
        }
        List<PageDescriptor> descriptors = new ArrayList<>(items.size());
        long pos = position;
        long firstBlock = 0;
        for (int i = 0; i < items.size(); i++) {
            Item it = items.get(i);
            if (it.shared() != null) {
                PageDescriptor s = it.shared();
                int source = s.source() + 1; // the parent's page source, seen from its child
                descriptors.add(new PageDescriptor(i, it.firstLogical(), s.pageOffset(), s.pageLength(), s.entryCount(),
                        s.crc32c(), source, firstBlock));
            } else {
                byte[] p = it.bytes();
                digest.update(p, 0, p.length); // the digest is of the pages as plaintext
                int crc = IndexPageV1.storedCrc(p, it.entries());
                if (cipher != null) {
                    byte[] nonce = dev.hexz.format.crypt.Seals.object(dev.hexz.format.crypt.Seals.PAGE, pos);
                    p = cipher.seal(p, 0, p.length, nonce, nonce);
                }
                descriptors.add(new PageDescriptor(i, it.firstLogical(), pos, p.length, it.entries(), crc, 0, firstBlock));
                ByteBuffer buf = ByteBuffer.wrap(p);
                while (buf.hasRemaining()) {
                    pos += out.write(buf, pos);
                }
            }
            firstBlock += it.entries();
        }
        return descriptors;
    }

    /** Where the own pages end (the master index goes there). */
    static long end(List<PageDescriptor> pages, long dataEnd) {
        long end = dataEnd;
        for (PageDescriptor d : pages) {
            if (d.source() == 0) {
                end = Math.max(end, d.pageOffset() + d.pageLength());
            }
        }
        return end;
    }
}
