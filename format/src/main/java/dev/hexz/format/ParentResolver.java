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

    /** No candidates at all (an archive read from memory has no directory to resolve against). */
    static ParentResolver none() {
        return ref -> List.of();
    }

    /** The path hint, taken relative to {@code childDirectory} unless it is absolute. */
    static ParentResolver pathHints(Path childDirectory) {
        return ref -> ref.path().isEmpty() ? List.of() : List.of(childDirectory.resolve(ref.path()).normalize());
    }

    /** This resolver's candidates, then {@code fallback}'s (e.g. the block store's record of the id). */
    default ParentResolver orElse(ParentResolver fallback) {
        return ref -> {
            List<Path> all = new ArrayList<>(candidates(ref));
            for (Path p : fallback.candidates(ref)) {
                if (!all.contains(p)) {
                    all.add(p);
                }
            }
            return all;
        };
    }
}
