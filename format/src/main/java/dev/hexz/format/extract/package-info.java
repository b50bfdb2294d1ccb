/**
 * Writing an archive's contents back to a file system: {@link dev.hexz.format.extract.ArchiveExtractor}
 * restores a stream, a single file or a whole tree (modes, mtimes, symlinks, empty directories)
 * under a destination, and never writes outside it — not through a symlink the archive creates,
 * and not through one that was already there. Used by {@code hexz extract} and by later modules
 * that materialise archives.
 */
package dev.hexz.format.extract;
