package dev.hexz.format;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Where to look for an ancestor of a thin archive. A resolver only proposes files; the reader
 * opens each and accepts the first whose archive id and index digest match, so a resolver can
 * never make a child read the wrong parent.
 */
@FunctionalInterface
public interface ParentResolver {

    /** Files that may hold the archive {@code ref} names, best first. */
    List<Path> candidates(AncestorRef ref);

    /**
     * Files to try only when none of {@link #candidates} holds the archive: asking for them may
     * cost more (opening the block store), so a reader asks only when it must.
     */
    default List<Path> fallbackCandidates(AncestorRef ref) {
        return List.of();
    }

    /** No candidates at all (an archive read from memory has no directory to resolve against). */
    static ParentResolver none() {
        return ref -> List.of();
    }

    /** The path hint, taken relative to {@code childDirectory} unless it is absolute. */
    static ParentResolver pathHints(Path childDirectory) {
        return ref -> ref.path().isEmpty() ? List.of() : List.of(childDirectory.resolve(ref.path()).normalize());
    }

    /**
     * This resolver's candidates first; {@code fallback}'s (e.g. the block store's record of the
     * id) only when none of those is the archive.
     */
    default ParentResolver orElse(ParentResolver fallback) {
        ParentResolver first = this;
        return new ParentResolver() {
            @Override
            public List<Path> candidates(AncestorRef ref) {
                return first.candidates(ref);
            }

            @Override
            public List<Path> fallbackCandidates(AncestorRef ref) {
                List<Path> all = new ArrayList<>(first.fallbackCandidates(ref));
                all.addAll(fallback.candidates(ref));
                all.addAll(fallback.fallbackCandidates(ref));
                return all;
            }
        };
    }
}
