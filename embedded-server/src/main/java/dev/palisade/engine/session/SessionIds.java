package dev.palisade.engine.session;

/**
 * A session id as the server makes it ({@code Secrets.randomToken(16)}: 16 random bytes as 22
 * characters of unpadded base64url) held as two longs, the bytes big-endian: 16 B in the session
 * where the string cost 64 (BENCHMARKS.md 2g). The request path writes or compares the id's
 * characters straight from the longs, so an allowed call makes no string of it.
 */
public final class SessionIds {

    /** Characters of a packed id. */
    public static final int LENGTH = 22;
    private static final char[] ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_".toCharArray();
    private static final byte[] VALUE = new byte[128];

    static {
        java.util.Arrays.fill(VALUE, (byte) -1);
        for (int i = 0; i < ALPHABET.length; i++) VALUE[ALPHABET[i]] = (byte) i;
    }

    private SessionIds() {}

    /** Whether {@code id} is 22 base64url characters whose last one carries no bits beyond the 128: the text of two longs. */
    public static boolean packs(CharSequence id) {
        if (id == null || id.length() != LENGTH) return false;
        for (int i = 0; i < LENGTH; i++) {
            char c = id.charAt(i);
            if (c >= 128 || VALUE[c] < 0) return false;
        }
        return (VALUE[id.charAt(LENGTH - 1)] & 0xf) == 0;
    }

    /** The first 8 bytes of an id that {@link #packs}. */
    public static long high(CharSequence id) {
        long h = 0;
        for (int i = 0; i < 10; i++) h = h << 6 | VALUE[id.charAt(i)];
        return h << 4 | VALUE[id.charAt(10)] >>> 2;
    }

    /** The last 8 bytes of an id that {@link #packs}. */
    public static long low(CharSequence id) {
        long l = VALUE[id.charAt(10)] & 3;
        for (int i = 11; i < 21; i++) l = l << 6 | VALUE[id.charAt(i)];
        return l << 2 | VALUE[id.charAt(21)] >>> 4;
    }

    /** The id's text (a new string: not for the request path). */
    public static String text(long high, long low) {
        byte[] ascii = new byte[LENGTH];
        writeAscii(high, low, ascii, 0);
        return new String(ascii, java.nio.charset.StandardCharsets.ISO_8859_1);
    }

    /**
     * Writes the id's 22 characters as ASCII bytes into {@code out} at {@code offset}: the 128 bits
     * are shifted out six at a time, the 11th character taking the first long's last 4 and the
     * second's first 2, the 22nd the second's last 2 and four zero bits.
     */
    public static void writeAscii(long high, long low, byte[] out, int offset) {
        long h = high;
        for (int i = 0; i < 10; i++, h <<= 6) out[offset + i] = (byte) ALPHABET[(int) (h >>> 58)];
        out[offset + 10] = (byte) ALPHABET[(int) (h >>> 58 | low >>> 62)];
        long l = low << 2;
        for (int i = 11; i < LENGTH; i++, l <<= 6) out[offset + i] = (byte) ALPHABET[(int) (l >>> 58)];
    }

    /** The text's {@code String.hashCode}, without the text (the same shifting as {@link #writeAscii}). */
    public static int textHashCode(long high, long low) {
        int hash = 0;
        long h = high;
        for (int i = 0; i < 10; i++, h <<= 6) hash = 31 * hash + ALPHABET[(int) (h >>> 58)];
        hash = 31 * hash + ALPHABET[(int) (h >>> 58 | low >>> 62)];
        long l = low << 2;
        for (int i = 11; i < LENGTH; i++, l <<= 6) hash = 31 * hash + ALPHABET[(int) (l >>> 58)];
        return hash;
    }

    /** Whether {@code s[from, to)} is the text of the id (high, low): decoded in one pass, no string made. */
    public static boolean matches(String s, int from, int to, long high, long low) {
        if (to - from != LENGTH) return false;
        long h = 0;
        for (int i = 0; i < 10; i++) {
            int v = value(s.charAt(from + i));
            if (v < 0) return false;
            h = h << 6 | v;
        }
        int middle = value(s.charAt(from + 10));
        if (middle < 0) return false;
        h = h << 4 | middle >>> 2;
        long l = middle & 3;
        for (int i = 11; i < LENGTH - 1; i++) {
            int v = value(s.charAt(from + i));
            if (v < 0) return false;
            l = l << 6 | v;
        }
        int last = value(s.charAt(from + LENGTH - 1));
        if (last < 0 || (last & 0xf) != 0) return false;
        l = l << 2 | last >>> 4;
        return h == high && l == low;
    }

    private static int value(char c) { return c < 128 ? VALUE[c] : -1; }

    /** A hash of an id for a table: the same for the id's text and for the session holding it packed. */
    static int hash(String id) {
        return packs(id) ? hash(high(id), low(id)) : id.hashCode();
    }

    static int hash(long high, long low) {
        long x = high ^ Long.rotateLeft(low, 32);
        return (int) (x ^ x >>> 32);
    }
}
