package dev.hexz.fuse;

import java.nio.file.Path;

/**
 * One line of {@code /proc/self/mountinfo}.
 *
 * @param fsType e.g. {@code fuse.hexz} for a hexz mount, {@code ext4}
 * @param source the mount's source (for FUSE, its {@code fsname}; for hexz, the archive's path)
 * @param device the mount's device number as {@code major:minor} (a FUSE mount's own, e.g. {@code 0:52})
 */
public record MountInfo(Path mountPoint, String fsType, String source, String options, String device) {

    /** The file-system type of every hexz mount ({@code -o subtype=hexz}). */
    public static final String HEXZ_TYPE = "fuse.hexz";

    public boolean isHexz() {
        return HEXZ_TYPE.equals(fsType);
    }
}
