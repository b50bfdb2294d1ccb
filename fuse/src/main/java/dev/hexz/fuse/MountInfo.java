package dev.hexz.fuse;

import java.nio.file.Path;

/**
 * One line of {@code /proc/self/mountinfo}.
 *
 * @param fsType e.g. {@code fuse.hexz} for a hexz mount, {@code ext4}
 * @param source the mount's source (for FUSE, its {@code fsname}; for hexz, the archive's path)
 */
public record MountInfo(Path mountPoint, String fsType, String source, String options) {

    /** The file-system type of every hexz mount ({@code -o subtype=hexz}). */
    public static final String HEXZ_TYPE = "fuse.hexz";

    public boolean isHexz() {
        return HEXZ_TYPE.equals(fsType);
    }
}
