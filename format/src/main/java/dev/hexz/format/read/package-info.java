/** Reader internals that stand on their own: the byte-bounded LRU cache of decompressed blocks. */
package dev.hexz.format.read;
