package dev.palisade.engine.session;

/**
 * A session id as the server makes it ({@code Secrets.randomToken(16)}: 16 random bytes as 22
 * characters of unpadded base64url) held as two longs, the bytes big-endian: 16 B in the session
 * where the string cost 64 (BENCHMARKS.md 2g). The request path reads the id a character at a time
 * from the longs, so an allowed call makes no string of it.
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

    /** Character {@code i} (0 to 21) of the id (high, low). */
    public static char charAt(long high, long low, int i) {
        int bit = 6 * i;
        long sextet;
        if (bit <= 58) sextet = high >>> (58 - bit);
        else if (bit < 64) sextet = high << (bit - 58) | low >>> (122 - bit);
        else if (bit <= 122) sextet = low >>> (122 - bit);
        else sextet = low << (bit - 122);
        return ALPHABET[(int) sextet & 63];
    }

    /** The id's text (a new string: not for the request path). */
    public static String text(long high, long low) {
        char[] c = new char[LENGTH];
        for (int i = 0; i < LENGTH; i++) c[i] = charAt(high, low, i);
        return new String(c);
    }

    /** The text's {@code String.hashCode}, without the text. */
    public static int textHashCode(long high, long low) {
        int h = 0;
        for (int i = 0; i < LENGTH; i++) h = 31 * h + charAt(high, low, i);
        return h;
    }

    /** A hash of an id for a table: the same for the id's text and for the session holding it packed. */
    static int hash(String id) {
        return packs(id) ? hash(high(id), low(id)) : id.hashCode();
    }

    static int hash(long high, long low) {
        long x = high ^ Long.rotateLeft(low, 32);
        return (int) (x ^ x >>> 32);
    }
}
