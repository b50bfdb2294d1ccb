/**
 * Where archive bytes come from and go to. A <em>random-access source</em> is the reader's only
 * view of an archive (positional reads of immutable bytes); a <em>file source</em> and a
 * <em>byte-array source</em> implement it. An <em>atomic output file</em> is how writers publish:
 * bytes go to a temporary sibling, are fsynced, and are renamed over the final name, so a crash
 * never leaves a partial archive under that name.
 */
package dev.hexz.format.io;
