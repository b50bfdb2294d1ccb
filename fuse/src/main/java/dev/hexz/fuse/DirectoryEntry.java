package dev.hexz.fuse;

/** One name in a directory listing, with the node's attributes (so a listing needs no extra lookups). */
public record DirectoryEntry(String name, NodeAttributes attributes) {
}
