/**
 * Mounting any tree through FUSE. Knows nothing about workspaces.
 *
 * <p>The nouns: a {@link dev.hexz.fuse.MountedTree} answers lookups, directory listings, symlink
 * reads and opens by path ("/" is its root); an {@link dev.hexz.fuse.OpenFile} is a handle on one
 * of its files; {@link dev.hexz.fuse.NodeAttributes} are what {@code stat} shows of a node;
 * {@link dev.hexz.fuse.ErrnoMapping} turns Java exceptions into the errno values a local file
 * system would give. {@link dev.hexz.fuse.ArchiveTree} is the tree of an archive (or chain).
 * {@link dev.hexz.fuse.FuseMount} serves a tree at a mount point through libfuse 3's low-level
 * API ({@code LowLevelFuseAdapter}, whose {@code NodeTable} maps the kernel's node ids to the
 * tree's paths) or, where libfuse 3 is missing, the jnr-fuse adapter (libfuse 2); the two share
 * {@code OpenHandles} (the open files by handle number) and {@code NativeStructs}.
 * {@link dev.hexz.fuse.MountTable}, {@link dev.hexz.fuse.MountPoints} and
 * {@link dev.hexz.fuse.Unmounter} know the kernel's side: what is mounted where, whether a mount
 * is dead ("Transport endpoint is not connected"), and how to detach one.
 * {@link dev.hexz.fuse.PageCache} keeps a server's own files' share of the page cache to a window
 * during long sequential writes and reads (the FUSE file's pages already hold the bytes).
 */
package dev.hexz.fuse;
