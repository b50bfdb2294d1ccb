package dev.hexz.workspace;

/**
 * One change of a workspace against its base, as status shows it.
 *
 * @param path the path now ("a/b"); for a deletion, the path it had
 * @param oldPath the base path of a renamed node, else null
 * @param directory whether the node is a directory
 * @param contentChanged for a rename: whether the bytes changed too
 * @param oldMode the base's permission bits (-1 for an added node)
 * @param newMode the permission bits now (-1 for a deleted node)
 * @param oldSize the base's size (-1 for an added node)
 * @param newSize the size now (-1 for a deleted node)
 */
public record FileChange(Kind kind, String path, String oldPath, boolean directory, boolean contentChanged,
        int oldMode, int newMode, long oldSize, long newSize) {

    /** What happened to a path; {@code letter} is its one-letter porcelain code. */
    public enum Kind {
        ADDED('A'), MODIFIED('M'), DELETED('D'), RENAMED('R'), TYPE_CHANGED('T'), MODE_CHANGED('P');

        private final char letter;

        Kind(char letter) {
            this.letter = letter;
        }

        public char letter() {
            return letter;
        }

        /** The lower-case word status prints ("modified", "type changed"). */
        public String word() {
            return name().toLowerCase().replace('_', ' ');
        }
    }
}
