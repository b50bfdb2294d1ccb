package dev.hexz.fuse;

import jnr.ffi.LibraryLoader;

/**
 * The one way this module loads a native library through jnr-ffi, so that every JVM of hexz
 * calls native code the same way: through reflection, not through stubs jnr generates with ASM.
 * Generated stubs cannot be in scripts/hexz's class-data-sharing archive and cost a mount server
 * ~0.08 s to make; the archive (trained by {@code hexz train-cds}) holds the reflective path's
 * classes instead. jnr reads the switch once, when it loads its first library, so it is set here,
 * before that; a process that set it already keeps its choice.
 */
final class JnrLibraries {

    /** jnr-ffi's switch between ASM stubs and reflection. */
    static final String ASM_PROPERTY = "jnr.ffi.asm.enabled";

    private JnrLibraries() {
    }

    /** A loader of {@code api}, with jnr set to call through reflection (unless the process chose otherwise). */
    static <T> LibraryLoader<T> loader(Class<T> api) {
        if (System.getProperty(ASM_PROPERTY) == null) {
            System.setProperty(ASM_PROPERTY, "false");
        }
        return LibraryLoader.create(api);
    }
}
