/**
 * How an archive is written. The <em>chunk pipeline</em> reads input into <em>segments</em> and
 * cuts them into chunks on the calling thread, <em>encodes</em> them (zero check, BLAKE3,
 * compression, checksum) on worker threads, and hands them back in order to the <em>block
 * sink</em>, which decides zero / duplicate / referenced-in-the-parent / new and writes the data
 * region. The <em>index builder</em> turns entries into pages (sharing a parent's pages where it
 * can), and the <em>assembler</em> lays the rest of the file out and publishes it atomically.
 * A <em>tree scanner</em> lists a directory in manifest order.
 */
package dev.hexz.format.write;
