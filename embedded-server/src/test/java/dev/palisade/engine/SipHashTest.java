package dev.palisade.engine;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

/** The reference implementation's vectors (vectors.h: key 00..0f, message 00..n-1), and strings as their UTF-16LE bytes. */
class SipHashTest {

    private static final long K0 = 0x0706050403020100L;
    private static final long K1 = 0x0f0e0d0c0b0a0908L;

    private static long ofFirst(int n) {
        byte[] m = new byte[n];
        for (int i = 0; i < n; i++) m[i] = (byte) i;
        return SipHash.hash(K0, K1, m, 0, n);
    }

    @Test
    void referenceVectors() {
        assertThat(ofFirst(0)).isEqualTo(0x726fdb47dd0e0e31L);
        assertThat(ofFirst(1)).isEqualTo(0x74f839c593dc67fdL);
        assertThat(ofFirst(2)).isEqualTo(0x0d6c8009d9a94f5aL);
        assertThat(ofFirst(3)).isEqualTo(0x85676696d7fb7e2dL);
        assertThat(ofFirst(15)).as("the paper's example, appendix A").isEqualTo(0xa129ca6149be45e5L);
        assertThat(ofFirst(63)).isEqualTo(0x958a324ceb064572L);
    }

    @Test
    void aStringHashesAsItsUtf16LittleEndianBytes() {
        for (String s : new String[] {"", "a", "ab", "abc", "abcd", "10.0.0.1", "2001:db8::ff00:42:8329", "Aa", "BB", "€uro 𝄞 ßtraße"}) {
            byte[] b = s.getBytes(StandardCharsets.UTF_16LE);
            assertThat(SipHash.hash(K0, K1, s)).as(s).isEqualTo(SipHash.hash(K0, K1, b, 0, b.length));
        }
        byte[] padded = {9, 9, 1, 2, 3, 9};
        assertThat(SipHash.hash(K0, K1, padded, 2, 3)).isEqualTo(SipHash.hash(K0, K1, new byte[] {1, 2, 3}, 0, 3));
    }

    @Test
    void aWordHashesAsItsEightLittleEndianBytes() {
        assertThat(SipHash.hash(K0, K1, 0x0706050403020100L)).as("vectors.h, n = 8").isEqualTo(ofFirst(8));
        java.util.Random random = new java.util.Random(3);
        for (int i = 0; i < 100; i++) {
            long word = random.nextLong();
            byte[] b = java.nio.ByteBuffer.allocate(8).order(java.nio.ByteOrder.LITTLE_ENDIAN).putLong(word).array();
            assertThat(SipHash.hash(K0, K1, word)).isEqualTo(SipHash.hash(K0, K1, b, 0, 8));
        }
    }

    @Test
    void stringsWhoseHashCodesCollideHashApartAndTheKeyMatters() {
        assertThat("Aa".hashCode()).isEqualTo("BB".hashCode());
        assertThat(SipHash.hash(K0, K1, "Aa")).isNotEqualTo(SipHash.hash(K0, K1, "BB"));
        assertThat(SipHash.hash(K0, K1, "Aa")).isNotEqualTo(SipHash.hash(K0 + 1, K1, "Aa"));
        assertThat(SipHash.hash(K0, K1, "Aa")).isNotEqualTo(SipHash.hash(K0, K1 + 1, "Aa"));
    }
}
