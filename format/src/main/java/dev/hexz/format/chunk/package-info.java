/**
 * Cutting a byte stream into chunks, the unit of deduplication, compression and random access.
 *
 * <h2>Nouns</h2>
 * <dl>
 *   <dt>chunk</dt>
 *   <dd>A contiguous run of stream bytes that is stored (deduplicated, compressed, hashed) as one
 *       unit. The chunks of a stream cover it exactly, in order, without gaps or overlap. Every
 *       chunk but the last has between {@code min} and {@code max} bytes.</dd>
 *   <dt>cut point</dt>
 *   <dd>The stream offset where one chunk ends and the next begins. The first chunk starts at
 *       offset 0; each following chunk starts at the previous cut point; the last chunk ends at
 *       the end of the stream.</dd>
 *   <dt>window</dt>
 *   <dd>The bytes a caller hands to {@link dev.hexz.format.chunk.Chunker#cut}:
 *       {@code data[from, to)}, at least {@code max} bytes unless the stream ends sooner. A cut
 *       point is decided from the window alone, never from bytes before {@code from}.</dd>
 *   <dt>gear table</dt>
 *   <dd>256 fixed pseudo-random 64-bit values, {@code GEAR[0..255]}, one per byte value. The
 *       gear rolling hash absorbs a byte {@code b} as {@code h = (h << 1) + GEAR[b]} (mod 2^64);
 *       because of the shift, a byte stops influencing the hash 64 bytes later, so the hash is a
 *       function of the last 64 bytes only, computed with one shift, one add and one table load
 *       per byte.</dd>
 *   <dt>normalized chunking</dt>
 *   <dd>FastCDC's trick to narrow the spread of chunk sizes: a cut point is accepted with a
 *       strict mask (more one-bits, so rarer) while the chunk is shorter than {@code avg}, and
 *       with a loose mask (fewer one-bits, so more frequent) once it is longer. Level 2 means
 *       the masks have {@code log2(avg) + 2} and {@code log2(avg) - 2} one-bits.</dd>
 * </dl>
 *
 * <h2>Why content-defined chunking</h2>
 * With fixed-size blocks, inserting or deleting even one byte shifts every later block, so
 * nothing after the edit deduplicates against the previous version. With content-defined
 * chunking (CDC) a cut point is where the bytes just before it hash to a pattern, so cut points
 * travel with the content: after an edit the chunker falls back into step at the first cut point
 * past the edit, and only the one or two chunks around the edit are new. {@link
 * dev.hexz.format.chunk.FixedSizeChunker} remains for data that is only ever overwritten in place
 * (disk images with aligned blocks), where it is cheaper and its alignment is an advantage.
 *
 * <h2>The FastCDC rule (normative)</h2>
 * This is the rule {@link dev.hexz.format.chunk.FastCdcChunker} implements; it is repeated in
 * {@code format/SPEC.md ("Chunking")}, which also has test vectors. All arithmetic is on unsigned 64-bit
 * integers modulo 2^64; {@code >>} is a logical shift.
 *
 * <p><b>Gear table.</b> {@code GEAR[i]} for {@code i = 0..255} is the {@code (i+1)}-th output of
 * splitmix64 started from state {@code 0x6865787A67656172} (the ASCII bytes "hexzgear" read
 * big-endian). One splitmix64 step is: {@code state = state + 0x9E3779B97F4A7C15;
 * z = state; z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9; z = (z ^ (z >> 27)) * 0x94D049BB133111EB;
 * output z ^ (z >> 31)}. Check values: {@code GEAR[0] = 0x73689E980AD30CC6},
 * {@code GEAR[255] = 0x6D154029E51F94C4}, and the CRC-32 (zlib polynomial) of the 2048 bytes
 * {@code GEAR[0..255]}, each little-endian, is {@code 0xF70CFB0B}.
 *
 * <p><b>Masks.</b> For {@code avg = 2^k} ({@code 6 <= k <= 24}), with
 * {@code mask(n) = (2^n - 1) << (63 - n)} (the {@code n} one-bits at positions {@code 63-n}
 * to {@code 62}): {@code maskS = mask(k + 2)} and {@code maskL = mask(k - 2)}. For example, avg
 * 64 KiB ({@code k = 16}) gives {@code maskS = 0x7FFFE00000000000} and
 * {@code maskL = 0x7FFE000000000000}.
 *
 * <p><b>Cut rule.</b> For a chunk starting at stream offset {@code s}, let {@code n} be the
 * number of bytes from {@code s} to the end of the stream. If {@code n <= min} the chunk is the
 * remaining {@code n} bytes. Otherwise start with {@code h = 0} and for each candidate length
 * {@code L = min+1, min+2, ..., min(n, max)}: absorb byte {@code s+L-1}
 * ({@code h = (h << 1) + GEAR[byte]}); if {@code (h & (L <= avg ? maskS : maskL)) == 0} the
 * chunk is {@code L} bytes. If no {@code L} qualifies the chunk is {@code min(n, max)} bytes. The
 * first {@code min} bytes of a chunk are skipped (not hashed), and the byte whose hash matched
 * is the last byte of its chunk.
 */
package dev.hexz.format.chunk;
