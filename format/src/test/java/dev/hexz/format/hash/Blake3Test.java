package dev.hexz.format.hash;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The official BLAKE3 test vectors (test_vectors/test_vectors.json of the BLAKE3-team/BLAKE3
 * repository, copied unchanged as a test resource): every input is bytes {@code i % 251}, every
 * expected output is 131 bytes of extended output whose first 32 bytes are the digest.
 */
class Blake3Test {

    private static final HexFormat HEX = HexFormat.of();

    record Case(int inputLen, byte[] hash, byte[] keyedHash) {
        @Override
        public String toString() {
            return "input_len=" + inputLen;
        }
    }

    private static final JsonNode VECTORS = load();

    private static JsonNode load() {
        try (InputStream in = Blake3Test.class.getResourceAsStream("blake3_test_vectors.json")) {
            return new ObjectMapper().readTree(in);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    static Stream<Case> cases() {
        return StreamSupport.stream(VECTORS.get("cases").spliterator(), false)
                .map(c -> new Case(c.get("input_len").asInt(),
                        HEX.parseHex(c.get("hash").asText()),
                        HEX.parseHex(c.get("keyed_hash").asText())));
    }

    private static byte[] key() {
        byte[] key = VECTORS.get("key").asText().getBytes(StandardCharsets.US_ASCII);
        assertEquals(Blake3.KEY_LEN, key.length);
        return key;
    }

    static byte[] input(int len) {
        byte[] in = new byte[len];
        for (int i = 0; i < len; i++) {
            in[i] = (byte) (i % 251);
        }
        return in;
    }

    @Test
    void vectorFileHasAllCases() {
        List<Integer> lens = cases().map(Case::inputLen).toList();
        assertEquals(List.of(0, 1, 1023, 1024, 1025, 2048, 2049, 3072, 3073, 4096, 4097, 5120, 5121,
                6144, 6145, 7168, 7169, 8192, 8193, 16384, 31744, 102400), lens);
    }

    @ParameterizedTest
    @MethodSource("cases")
    void hash(Case c) {
        byte[] in = input(c.inputLen());
        assertArrayEquals(Arrays.copyOf(c.hash(), 32), Blake3.hash(in, 0, in.length));
        assertArrayEquals(Arrays.copyOf(c.hash(), 32), Blake3.newHasher().update(in, 0, in.length).digest());
    }

    @ParameterizedTest
    @MethodSource("cases")
    void hashIntoOffset(Case c) {
        // input and output in the middle of larger arrays, surroundings untouched
        byte[] in = input(c.inputLen());
        byte[] padded = new byte[in.length + 13];
        Arrays.fill(padded, (byte) 0x5a);
        System.arraycopy(in, 0, padded, 7, in.length);
        byte[] out = new byte[32 + 10];
        Blake3.hash(padded, 7, in.length, out, 5);
        assertArrayEquals(Arrays.copyOf(c.hash(), 32), Arrays.copyOfRange(out, 5, 37));
        assertArrayEquals(new byte[5], Arrays.copyOfRange(out, 0, 5));
        assertArrayEquals(new byte[5], Arrays.copyOfRange(out, 37, 42));
    }

    @ParameterizedTest
    @MethodSource("cases")
    void extendedOutput(Case c) {
        byte[] in = input(c.inputLen());
        Blake3.Hasher h = Blake3.newHasher().update(in, 0, in.length);
        byte[] xof = new byte[c.hash().length];
        h.digest(xof, 0, xof.length);
        assertArrayEquals(c.hash(), xof);
        // every output length is a prefix of the longest one
        for (int n : new int[] {0, 1, 31, 32, 33, 63, 64, 65, 127, 128, 130}) {
            byte[] prefix = new byte[n];
            h.digest(prefix, 0, n);
            assertArrayEquals(Arrays.copyOf(c.hash(), n), prefix, "output length " + n);
        }
    }

    @ParameterizedTest
    @MethodSource("cases")
    void keyedHash(Case c) {
        byte[] in = input(c.inputLen());
        assertArrayEquals(Arrays.copyOf(c.keyedHash(), 32), Blake3.keyedHash(key(), in, 0, in.length));
        byte[] xof = new byte[c.keyedHash().length];
        Blake3.newKeyedHasher(key()).update(in, 0, in.length).digest(xof, 0, xof.length);
        assertArrayEquals(c.keyedHash(), xof);
    }

    @ParameterizedTest
    @MethodSource("cases")
    void incrementalInIrregularPieces(Case c) {
        byte[] in = input(c.inputLen());
        int[][] patterns = {
            {1}, {7}, {63, 1, 64}, {64}, {65}, {1023, 2}, {1024}, {1025}, {3, 2000, 1, 4096, 17},
        };
        for (int[] pieces : patterns) {
            Blake3.Hasher plain = Blake3.newHasher();
            Blake3.Hasher keyed = Blake3.newKeyedHasher(key());
            int off = 0;
            for (int i = 0; off < in.length; i++) {
                int n = Math.min(pieces[i % pieces.length], in.length - off);
                plain.update(in, off, n);
                keyed.update(in, off, n);
                plain.update(in, off, 0); // empty updates change nothing
                off += n;
            }
            String what = "pieces " + Arrays.toString(pieces);
            byte[] xof = new byte[c.hash().length];
            plain.digest(xof, 0, xof.length);
            assertArrayEquals(c.hash(), xof, what);
            keyed.digest(xof, 0, xof.length);
            assertArrayEquals(c.keyedHash(), xof, what);
        }
    }

    @Test
    void digestDoesNotConsumeStateAndResetStartsOver() {
        byte[] in = input(5000);
        Blake3.Hasher h = Blake3.newHasher().update(in, 0, 2000);
        assertArrayEquals(Blake3.hash(in, 0, 2000), h.digest());
        h.update(in, 2000, 3000);
        assertArrayEquals(Blake3.hash(in, 0, 5000), h.digest());
        h.reset().update(in, 0, 1);
        assertArrayEquals(Blake3.hash(in, 0, 1), h.digest());

        Blake3.Hasher k = Blake3.newKeyedHasher(key()).update(in, 0, 3000);
        k.reset().update(in, 0, 4097);
        assertArrayEquals(Blake3.keyedHash(key(), in, 0, 4097), k.digest());
    }

    @Test
    void keyedOneShotDoesNotLeakIntoPlainOneShot() {
        byte[] in = input(100);
        byte[] before = Blake3.hash(in, 0, in.length);
        Blake3.keyedHash(key(), in, 0, in.length);
        assertArrayEquals(before, Blake3.hash(in, 0, in.length));
    }

    @Test
    void rejectsBadArguments() {
        byte[] in = new byte[10];
        assertThrows(IndexOutOfBoundsException.class, () -> Blake3.hash(in, 5, 6));
        assertThrows(IndexOutOfBoundsException.class, () -> Blake3.hash(in, -1, 2));
        assertThrows(IndexOutOfBoundsException.class, () -> Blake3.hash(in, 0, 10, new byte[40], 9));
        assertThrows(IndexOutOfBoundsException.class, () -> Blake3.newHasher().update(in, 8, 3));
        assertThrows(IndexOutOfBoundsException.class, () -> Blake3.newHasher().digest(new byte[8], 4, 5));
        assertThrows(IllegalArgumentException.class, () -> Blake3.newKeyedHasher(new byte[31]));
        assertThrows(IllegalArgumentException.class, () -> Blake3.keyedHash(new byte[33], in, 0, 1));
    }
}
