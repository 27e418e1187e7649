package dev.palisade.engine.signature;

/**
 * Standard base64 (RFC 4648 §4) read from a span of a header value, exactly as the JDK's basic
 * {@link java.util.Base64} decoder reads it (padding optional, nothing after it, no other
 * characters), but without the substring and the array that decoder needs per call.
 */
final class Base64Text {

    static final int MALFORMED = -1;

    private static final byte[] VALUES = new byte[128];

    static {
        java.util.Arrays.fill(VALUES, (byte) -1);
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
        for (int i = 0; i < alphabet.length(); i++) VALUES[alphabet.charAt(i)] = (byte) i;
    }

    private Base64Text() {}

    /** The character's value in the alphabet, or -1. */
    private static int value(char c) {
        return c < 128 ? VALUES[c] : -1;
    }

    /** At least the decoded length of {@code chars} characters. */
    static int maxDecodedLength(int chars) {
        return chars / 4 * 3 + 2;
    }

    /**
     * Decodes {@code s[from, to)} into {@code out} (at least {@link #maxDecodedLength} long), or
     * only checks it when {@code out} is null.
     *
     * @return the decoded length, or {@link #MALFORMED}
     */
    static int decode(String s, int from, int to, byte[] out) {
        int bits = 0;
        int inUnit = 0;
        int written = 0;
        int i = from;
        // whole units of four alphabet characters, the bulk of any value, without the per-character unit count
        while (to - i > 4) {
            int a = value(s.charAt(i));
            int b = value(s.charAt(i + 1));
            int c = value(s.charAt(i + 2));
            int d = value(s.charAt(i + 3));
            if ((a | b | c | d) < 0) break; // padding or a stray character: the loop below reads it
            if (out != null) {
                int unit = a << 18 | b << 12 | c << 6 | d;
                out[written] = (byte) (unit >> 16);
                out[written + 1] = (byte) (unit >> 8);
                out[written + 2] = (byte) unit;
            }
            written += 3;
            i += 4;
        }
        while (i < to) {
            char c = s.charAt(i++);
            if (c == '=') {
                // "=" ends a unit of three, "==" a unit of two; nothing may follow
                if (inUnit < 2 || inUnit == 2 && (i == to || s.charAt(i++) != '=') || i != to) return MALFORMED;
                break;
            }
            int v = value(c);
            if (v < 0) return MALFORMED;
            bits = bits << 6 | v;
            if (++inUnit == 4) {
                if (out != null) {
                    out[written] = (byte) (bits >> 16);
                    out[written + 1] = (byte) (bits >> 8);
                    out[written + 2] = (byte) bits;
                }
                written += 3;
                inUnit = 0;
                bits = 0;
            }
        }
        switch (inUnit) {
            case 1 -> {
                return MALFORMED;
            }
            case 2 -> {
                if (out != null) out[written] = (byte) (bits >> 4);
                written += 1;
            }
            case 3 -> {
                if (out != null) {
                    out[written] = (byte) (bits >> 10);
                    out[written + 1] = (byte) (bits >> 2);
                }
                written += 2;
            }
            default -> { }
        }
        return written;
    }
}
