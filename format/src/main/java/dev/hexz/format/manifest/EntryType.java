package dev.hexz.format.manifest;

/** What a manifest entry is; the code is its on-disk byte. */
public enum EntryType {
    FILE(1), DIRECTORY(2), SYMLINK(3);

    private final int code;

    EntryType(int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }

    /** The type with on-disk code {@code code}, or null. */
    public static EntryType ofCode(int code) {
        for (EntryType t : values()) {
            if (t.code == code) {
                return t;
            }
        }
        return null;
    }
}
