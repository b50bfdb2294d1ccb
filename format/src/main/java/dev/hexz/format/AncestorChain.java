package dev.hexz.format;

import dev.hexz.format.io.FileSource;
import dev.hexz.format.io.RandomAccessSource;
import dev.hexz.format.v1.HeaderV1;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The ancestors of a thin archive, all opened and checked against their identity when the
 * archive is opened, so that a missing or replaced ancestor is reported at once and by name,
 * and a block stored k archives up costs one read in ancestor k whatever the chain's depth.
 * An <em>unopened</em> chain knows its ancestors by reference only; using one is an
 * {@link AncestorNotOpenedException}.
 */
final class AncestorChain implements AutoCloseable {

    private final String child;
    private final List<AncestorRef> refs;
    private final ArchiveFileView[] views; // index k-1 holds ancestor k; all null when unopened
    private final Path[] paths;
    private final boolean opened;

    private AncestorChain(String child, List<AncestorRef> refs, ArchiveFileView[] views, Path[] paths, boolean opened) {
        this.child = child;
        this.refs = refs;
        this.views = views;
        this.paths = paths;
        this.opened = opened;
    }

    static AncestorChain empty() {
        return new AncestorChain("", List.of(), new ArchiveFileView[0], new Path[0], true);
    }

    /** The ancestors of archive {@code child} by reference only: no file is looked for or opened. */
    static AncestorChain unopened(String child, List<AncestorRef> refs) {
        return new AncestorChain(child, refs, new ArchiveFileView[refs.size()], new Path[refs.size()], refs.isEmpty());
    }

    /** Opens every ancestor of archive {@code child}; on any failure closes what it opened. */
    static AncestorChain open(String child, List<AncestorRef> refs, ParentResolver resolver, KeySource keys,
            dev.hexz.format.crypt.MasterKey known) throws IOException {
        ArchiveFileView[] views = new ArchiveFileView[refs.size()];
        Path[] paths = new Path[refs.size()];
        try {
            for (AncestorRef ref : refs) {
                Located found = locate(child, ref, resolver, keys, known);
                views[ref.depth() - 1] = found.view;
                paths[ref.depth() - 1] = found.path;
            }
        } catch (IOException | RuntimeException e) {
            for (ArchiveFileView v : views) {
                if (v != null) {
                    v.source.close();
                }
            }
            throw e;
        }
        return new AncestorChain(child, refs, views, paths, true);
    }

    private record Located(ArchiveFileView view, Path path) {
    }

    private static Located locate(String child, AncestorRef ref, ParentResolver resolver, KeySource keys,
            dev.hexz.format.crypt.MasterKey known) throws IOException {
        List<Path> tried = new ArrayList<>();
        List<String> replaced = new ArrayList<>();
        Located found = tryAll(resolver.candidates(ref), ref, tried, replaced, keys, known);
        if (found == null) {
            found = tryAll(resolver.fallbackCandidates(ref), ref, tried, replaced, keys, known);
        }
        if (found != null) {
            return found;
        }
        if (!replaced.isEmpty()) {
            throw new ReplacedParentException(child, ref, String.join("; ", replaced));
        }
        throw new MissingParentException(child, ref, tried.isEmpty() ? "no path to look at"
                : "not found at " + tried.stream().map(Path::toString).reduce((a, b) -> a + ", " + b).orElse(""));
    }

    /** The first of {@code candidates} that is the archive {@code ref} names, or null. */
    private static Located tryAll(List<Path> candidates, AncestorRef ref, List<Path> tried, List<String> replaced,
            KeySource keys, dev.hexz.format.crypt.MasterKey known) throws IOException {
        for (Path p : candidates) {
            if (tried.contains(p)) {
                continue;
            }
            tried.add(p);
            if (!Files.isRegularFile(p)) {
                continue;
            }
            RandomAccessSource src = FileSource.open(p);
            ArchiveHeader h;
            dev.hexz.format.crypt.ArchiveCipher cipher;
            try {
                // a chain has one master key, the child's: a candidate it does not open is another archive
                HeaderOpener.Opened o = HeaderOpener.read(src, null, known);
                h = o.header();
                cipher = o.cipher();
            } catch (KeyRequiredException | WrongKeyException e) {
                src.close();
                replaced.add(p + " is encrypted with another key" + (known == null ? " (the child is not encrypted)" : ""));
                continue;
            } catch (IOException e) {
                src.close();
                replaced.add(p + " is not a readable archive (" + e.getMessage() + ")");
                continue;
            }
            if (ref.matches(h)) {
                return new Located(new ArchiveFileView(src, h, cipher), p);
            }
            src.close();
            replaced.add(p + " holds archive " + h.archiveId()
                    + (h.archiveId().equals(ref.id()) ? " with a different index" : ""));
        }
        return null;
    }

    int depth() {
        return views.length;
    }

    List<AncestorRef> refs() {
        return refs;
    }

    /** Whether the ancestors' files are open (always, unless made by {@link #unopened}). */
    boolean opened() {
        return opened;
    }

    /** Ancestor {@code k} (1 = parent). */
    ArchiveFileView view(int k) throws AncestorNotOpenedException {
        ArchiveFileView v = views[k - 1];
        if (v == null) {
            throw new AncestorNotOpenedException(child, refs.get(k - 1));
        }
        return v;
    }

    /** Where ancestor {@code k} was found. */
    Path path(int k) {
        requireOpened();
        return paths[k - 1];
    }

    /** The header of ancestor {@code k}. */
    ArchiveHeader header(int k) {
        requireOpened();
        return views[k - 1].header;
    }

    private void requireOpened() {
        if (!opened) {
            throw new IllegalStateException(child + " was opened without its ancestors");
        }
    }

    @Override
    public void close() throws IOException {
        IOException first = null;
        for (ArchiveFileView v : views) {
            if (v == null) {
                continue;
            }
            try {
                v.source.close();
            } catch (IOException e) {
                first = first == null ? e : first;
            }
        }
        if (first != null) {
            throw first;
        }
    }
}
