package dev.palisade.engine.signature;

import java.util.Arrays;

/**
 * A growable byte buffer that text is appended to as UTF-8: the signature base is built straight
 * into bytes for the MAC, without a StringBuilder, a String and its getBytes copy (3 KB per signed
 * call before, BENCHMARKS.md). One per thread, reused; not thread-safe.
 */
public final class Utf8Buffer {

    private static final int INITIAL = 1024;
    /** Room beyond this is given back at the next clear: a thread's buffer is kept as long as the thread. */
    static final int KEPT = 64 * 1024;

    private byte[] bytes = new byte[INITIAL];
    private int length;

    public void clear() {
        length = 0;
        if (bytes.length > KEPT) bytes = new byte[INITIAL];
    }

    /** Bytes it holds room for (for tests). */
    int capacity() { return bytes.length; }

    public Utf8Buffer append(char c) {
        if (c < 0x80) {
            room(1);
            bytes[length++] = (byte) c;
            return this;
        }
        return append(String.valueOf(c));
    }

    public Utf8Buffer append(String s) {
        int n = s.length();
        for (int i = 0; i < n; i++) {
            if (s.charAt(i) >= 0x80) {
                // rare in HTTP fields: the ASCII head byte for byte, the rest the JDK's way
                appendAscii(s, 0, i);
                byte[] rest = s.substring(i).getBytes(java.nio.charset.StandardCharsets.UTF_8);
                room(rest.length);
                System.arraycopy(rest, 0, bytes, length, rest.length);
                length += rest.length;
                return this;
            }
        }
        return appendAscii(s, 0, n);
    }

    /**
     * Appends {@code s[from, to)}, which the caller knows is ASCII (a span the signature grammar
     * accepted): copied byte for byte, with no array of its own.
     */
    @SuppressWarnings("deprecation")
    public Utf8Buffer appendAscii(String s, int from, int to) {
        room(to - from);
        s.getBytes(from, to, bytes, length);
        length += to - from;
        return this;
    }

    /** Appends {@code ascii[from, to)}, bytes the caller knows are ASCII. */
    public Utf8Buffer appendAscii(byte[] ascii, int from, int to) {
        room(to - from);
        System.arraycopy(ascii, from, bytes, length, to - from);
        length += to - from;
        return this;
    }

    private void room(int more) {
        if (length + more > bytes.length) bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, length + more));
    }

    public byte[] bytes() { return bytes; }

    public int length() { return length; }
}
