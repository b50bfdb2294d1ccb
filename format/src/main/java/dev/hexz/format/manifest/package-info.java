/**
 * The manifest of a directory archive. An <em>entry</em> is a regular file, a directory or a
 * symlink with its mode bits and mtime; a file's bytes are a range of the archive's logical
 * stream, so files are read through the same block index as everything else. <em>Paths</em>
 * are relative, '/'-separated and normalized ({@link dev.hexz.format.manifest.ManifestPaths});
 * the root directory is implicit.
 */
package dev.hexz.format.manifest;
