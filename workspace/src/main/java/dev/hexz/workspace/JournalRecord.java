package dev.hexz.workspace;

/**
 * One change to a workspace, as the journal records it (workspace/STATE.md lists the bytes).
 * Paths are the tree's ("/a/b"), as they were when the change was made: replaying the records
 * in order on the base rebuilds the workspace.
 */
sealed interface JournalRecord {

    record CreateFile(String path, int mode, int uid, int gid, long mtimeSeconds, int mtimeNanos) implements JournalRecord {
    }

    record MakeDirectory(String path, int mode, int uid, int gid, long mtimeSeconds, int mtimeNanos)
            implements JournalRecord {
    }

    record MakeSymlink(String path, String target, int uid, int gid, long mtimeSeconds, int mtimeNanos)
            implements JournalRecord {
    }

    record Remove(String path) implements JournalRecord {
    }

    record Rename(String from, String to) implements JournalRecord {
    }

    record ChangeMode(String path, int mode) implements JournalRecord {
    }

    record ChangeOwner(String path, int uid, int gid) implements JournalRecord {
    }

    record SetMtime(String path, long seconds, int nanos) implements JournalRecord {
    }

    record Truncate(String path, long size, long mtimeSeconds, int mtimeNanos) implements JournalRecord {
    }

    /** {@code length} bytes at {@code offset} were written to upper data file {@code dataFile}. */
    record Write(String path, int dataFile, long offset, long length, long mtimeSeconds, int mtimeNanos)
            implements JournalRecord {
    }

    /** The path (and everything below it) was put back as the base has it. */
    record Restore(String path) implements JournalRecord {
    }
}
