package dev.hexz.fuse;

/** The kinds of node a mounted tree shows, with the file-type bits {@code stat} reports. */
public enum NodeKind {
    FILE(0100000),
    DIRECTORY(0040000),
    SYMLINK(0120000);

    private final int typeBits;

    NodeKind(int typeBits) {
        this.typeBits = typeBits;
    }

    /** The {@code S_IFMT} bits of this kind. */
    public int typeBits() {
        return typeBits;
    }
}
