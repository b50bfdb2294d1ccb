package dev.hexz.fuse;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The kernel's readahead for one mount. A FUSE mount gets its own backing device with the
 * kernel's default readahead of 128 KiB, so a sequential reader's requests stay at 128–256 KiB
 * although libfuse 3 accepts 1 MiB; the INIT reply cannot raise it, but root can, per mount, in
 * {@code /sys/class/bdi/<major:minor>/read_ahead_kb}. Measured through a workspace: a cold 1 GiB
 * read in ~1.06 s at 1 MiB against ~1.7 s at 128 KiB (medians of 4, by hand).
 */
final class ReadAhead {

    /**
     * The readahead asked for: four requests of libfuse 3's largest size, so that a sequential
     * reader keeps several requests in flight and the server decompresses them on several cores
     * at once. Measured on a 1 GiB file archive, cold, by hand (3 runs each, interleaved):
     * 1.5–3.6 s at 1 MiB, 1.15–2.0 s at 4 MiB, squashfuse 1.3–2.8 s.
     */
    static final int KIB = 4 * LowLevelFuseAdapter.MAX_WRITE / 1024;
    private static final Path BDI = Path.of("/sys/class/bdi");

    private ReadAhead() {
    }

    /**
     * Raises the readahead of the mount at {@code mountPoint} to {@link #KIB} when it is lower
     * and this process may (root); anything else leaves the kernel's default. Returns the
     * readahead in force afterwards, or -1 when it could not be read.
     */
    static int raise(Path mountPoint) {
        try {
            // the kernel sends INIT while mount(2) runs, before the mount is in the table: wait for it
            var m = MountTable.at(mountPoint);
            for (int i = 0; i < 200 && m.isEmpty(); i++) {
                Thread.sleep(5);
                m = MountTable.at(mountPoint);
            }
            if (m.isEmpty()) {
                return -1;
            }
            // and the kernel sets the readahead when it reads the INIT reply, which may come after:
            // a statfs is answered only after it (requests wait for the connection to be initialized)
            Files.getFileStore(mountPoint).getTotalSpace();
            Path knob = BDI.resolve(m.get().device()).resolve("read_ahead_kb");
            int now = Integer.parseInt(Files.readString(knob, StandardCharsets.US_ASCII).trim());
            if (now < KIB && Files.isWritable(knob)) {
                Files.writeString(knob, Integer.toString(KIB), StandardCharsets.US_ASCII);
                return KIB;
            }
            return now;
        } catch (IOException | RuntimeException e) {
            return -1; // not root, no sysfs: the default readahead still works
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }
}
