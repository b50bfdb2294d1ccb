/**
 * The version-1 byte layouts, one class per structure of format/SPEC.md: the header, index
 * pages, the master index, sections (manifest index and chunks, metadata, dictionary, ancestors)
 * and the manifest. Every decoder treats its input as hostile: lengths and counts are checked
 * against what holds them before anything is allocated, and each failure names the archive and
 * the offset. Encoders and decoders are pure functions of bytes; no I/O happens here.
 */
package dev.hexz.format.v1;
