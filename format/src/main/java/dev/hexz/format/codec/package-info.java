/**
 * Block codecs. A <em>block</em> is compressed on its own so that any byte range of an archive
 * reads by decompressing only the blocks that cover it. A <em>codec id</em> is the byte the
 * index records per block, so one archive can mix codecs (a block that does not shrink is
 * stored with {@link dev.hexz.format.codec.CodecId#NONE}).
 */
package dev.hexz.format.codec;
