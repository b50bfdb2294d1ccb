package dev.hexz.format.crypt;

/**
 * Argon2id cost parameters (RFC 9106), recorded in the header so any reader derives the same key.
 *
 * @param memoryKiB memory in KiB (at least 8 × lanes)
 * @param iterations passes over the memory (at least 1)
 * @param lanes parallelism (1..255)
 */
public record Argon2Params(int memoryKiB, int iterations, int lanes) {

    /**
     * The default: 64 MiB, 3 passes, 1 lane (RFC 9106's second recommendation is 64 MiB and 3
     * passes); about half a second per derivation here. Each command derives once per chain.
     */
    public static final Argon2Params DEFAULT = new Argon2Params(64 * 1024, 3, 1);
    /**
     * Limits a reader enforces before allocating: a hostile header must not make it allocate
     * more than 1 GiB (16 times the default) or run for hours.
     */
    public static final int MAX_MEMORY_KIB = 1024 * 1024;
    public static final int MAX_ITERATIONS = 100;
    public static final int MAX_LANES = 255;
    /** At most 16 times the default's work (memory × passes), a few seconds here. */
    public static final long MAX_WORK_KIB_PASSES = 16L * 64 * 1024 * 3;

    public Argon2Params {
        if (lanes < 1 || lanes > MAX_LANES || iterations < 1 || iterations > MAX_ITERATIONS
                || memoryKiB < 8 * lanes || memoryKiB > MAX_MEMORY_KIB
                || (long) memoryKiB * iterations > MAX_WORK_KIB_PASSES) {
            throw new IllegalArgumentException("Argon2id parameters out of range: " + memoryKiB + " KiB, "
                    + iterations + " passes, " + lanes + " lanes (at most " + MAX_MEMORY_KIB + " KiB, "
                    + MAX_ITERATIONS + " passes, " + MAX_LANES + " lanes, " + MAX_WORK_KIB_PASSES
                    + " KiB × passes; at least 8 KiB per lane)");
        }
    }
}
