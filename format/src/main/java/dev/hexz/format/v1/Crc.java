package dev.hexz.format.v1;

import java.util.zip.CRC32C;

/** CRC-32C (Castagnoli), the checksum of the header, index pages, sections and stored blocks. */
public final class Crc {
    private Crc() {
    }

    public static int crc32c(byte[] b, int off, int len) {
        CRC32C c = new CRC32C();
        c.update(b, off, len);
        return (int) c.getValue();
    }
}
