package dev.palisade.engine.signature;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Parses the two RFC 9421 fields: {@code Signature-Input} (a dictionary of inner lists of strings
 * with parameters) and {@code Signature} (a dictionary of byte sequences). Only the RFC 8941 subset
 * these fields use is accepted; anything else is malformed.
 */
public final class SignatureHeaders {

    /** Strings nearly every Signature-Input holds; returned as these instances rather than copies. */
    static final String[] KNOWN = {"@method", "@authority", "@path", "@query", "authorization", "content-digest",
            "hmac-sha256"};

    private SignatureHeaders() {}

    /**
     * Every member of a Signature-Input field, by label (a repeated label: the last member, as RFC 8941 reads a
     * dictionary; the request path's profile refuses it, {@link SignatureFields#readInput}).
     */
    public static Map<String, SignatureInput> parseInput(String field) {
        Map<String, SignatureInput> out = new LinkedHashMap<>();
        SignatureFields member = new SignatureFields();
        Cursor c = new Cursor().on(field);
        c.skipSpaces();
        while (!c.atEnd()) {
            member.readMember(c, field);
            out.put(member.label(), member.toInput());
            c.nextMember();
        }
        if (out.isEmpty()) throw new MalformedSignatureException("Signature-Input is empty");
        return out;
    }

    /** Every member of a Signature field, by label (a repeated label: the last member, as for {@link #parseInput}). */
    public static Map<String, byte[]> parseSignatures(String field) {
        Map<String, byte[]> out = new LinkedHashMap<>();
        Cursor c = new Cursor().on(field);
        c.skipSpaces();
        while (!c.atEnd()) {
            String label = c.key();
            c.expect('=');
            out.put(label, c.bytes());
            c.nextMember();
        }
        return out;
    }

    /**
     * A position in a header value, with the RFC 8941 pieces it reads. The pieces are read as spans
     * of the value where they can be ({@link #keySpan}, {@link #stringSpan}), so the per-call
     * reading ({@link SignatureFields}) builds no strings; the map readers above take substrings.
     */
    static final class Cursor {
        private String s;
        int pos;
        /** The span the last {@link #keySpan} or unescaped {@link #stringSpan} read. */
        int spanStart;
        int spanEnd;

        /** Starts reading {@code field} (a cursor is reused field after field). */
        Cursor on(String field) {
            if (field.length() > 8_192) throw new MalformedSignatureException("signature field too long");
            s = field;
            pos = 0;
            return this;
        }

        boolean atEnd() { return pos >= s.length(); }

        char peek() { return atEnd() ? '\0' : s.charAt(pos); }

        /*
         * The loops below read the field and the position into locals and write the position back
         * once: written on every character, the field is a store the JIT keeps in the loop.
         */

        void skipSpaces() {
            String s = this.s;
            int p = pos;
            while (p < s.length() && (s.charAt(p) == ' ' || s.charAt(p) == '\t')) p++;
            pos = p;
        }

        void expect(char ch) {
            if (peek() != ch) throw new MalformedSignatureException("expected '" + ch + "' at " + pos);
            pos++;
        }

        String key() {
            keySpan();
            return s.substring(spanStart, spanEnd);
        }

        /** A key, as the span [spanStart, spanEnd). */
        void keySpan() {
            int start = pos;
            char first = peek();
            if (!(first >= 'a' && first <= 'z') && first != '*') throw new MalformedSignatureException("bad key at " + pos);
            String s = this.s;
            int p = start;
            while (p < s.length()) {
                char ch = s.charAt(p);
                if ((ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9') || ch == '_' || ch == '-' || ch == '.' || ch == '*') {
                    p++;
                } else {
                    break;
                }
            }
            pos = p;
            spanStart = start;
            spanEnd = p;
        }

        /** Whether the value reads {@code text} from the current position on. */
        boolean at(String text) {
            return s.startsWith(text, pos);
        }

        /** Whether the last span reads {@code text}. */
        boolean spanIs(String text) {
            return spanEnd - spanStart == text.length() && s.startsWith(text, spanStart);
        }

        /** An RFC 8941 integer: an optional minus and 1 to 15 ASCII digits (a 16th is left unread, so it is refused). */
        long integer() {
            int start = pos;
            boolean negative = peek() == '-';
            String s = this.s;
            int p = negative ? start + 1 : start;
            int digits = p;
            int end = Math.min(s.length(), digits + 15);
            long value = 0; // 15 digits cannot overflow: summed as they are read, with no parse of the span after
            while (p < end) {
                int d = s.charAt(p) - '0';
                if (d < 0 || d > 9) break;
                value = value * 10 + d;
                p++;
            }
            pos = p;
            if (p == digits) throw new MalformedSignatureException("expected an integer at " + start);
            return negative ? -value : value;
        }

        /**
         * An RFC 8941 string: null when it has no escape (its text is the span [spanStart, spanEnd)),
         * else its unescaped text.
         */
        String stringSpan() {
            expect('"');
            int start = pos;
            String s = this.s;
            int p = start;
            while (true) {
                if (p >= s.length()) throw new MalformedSignatureException("unterminated string");
                char ch = s.charAt(p);
                if (ch == '"') {
                    spanStart = start;
                    spanEnd = p;
                    pos = p + 1;
                    return null;
                }
                if (ch == '\\') break; // an escape: take the careful path below
                if (ch < 0x20 || ch > 0x7e) throw new MalformedSignatureException("bad character in string");
                p++;
            }
            pos = p;
            StringBuilder b = new StringBuilder().append(s, start, pos);
            while (true) {
                if (atEnd()) throw new MalformedSignatureException("unterminated string");
                char ch = s.charAt(pos++);
                if (ch == '"') return b.toString();
                if (ch == '\\') {
                    if (atEnd()) throw new MalformedSignatureException("bad escape");
                    ch = s.charAt(pos++);
                    if (ch != '"' && ch != '\\') throw new MalformedSignatureException("bad escape");
                } else if (ch < 0x20 || ch > 0x7e) {
                    throw new MalformedSignatureException("bad character in string");
                }
                b.append(ch);
            }
        }

        /** The span's text: one of the shared constants when it is one, else a substring. */
        String known(int start, int end) {
            for (String k : KNOWN) {
                if (k.length() == end - start && s.startsWith(k, start)) return k;
            }
            return s.substring(start, end);
        }

        byte[] bytes() {
            int end = byteSequenceEnd();
            byte[] v = new byte[Base64Text.maxDecodedLength(end - pos)];
            int n = Base64Text.decode(s, pos, end, v);
            if (n == Base64Text.MALFORMED) throw new MalformedSignatureException("bad base64 in byte sequence");
            pos = end + 1;
            return java.util.Arrays.copyOf(v, n);
        }

        /**
         * A byte sequence decoded into {@code into}: its length, or -1 when it is longer than
         * {@code into} (or {@code into} is null: only its grammar is checked).
         */
        int bytesInto(byte[] into) {
            int end = byteSequenceEnd();
            boolean fits = into != null && Base64Text.maxDecodedLength(end - pos) <= into.length;
            int n = Base64Text.decode(s, pos, end, fits ? into : null);
            if (n == Base64Text.MALFORMED) throw new MalformedSignatureException("bad base64 in byte sequence");
            pos = end + 1;
            return fits ? n : -1;
        }

        private int byteSequenceEnd() {
            expect(':');
            int end = s.indexOf(':', pos);
            if (end < 0) throw new MalformedSignatureException("unterminated byte sequence");
            return end;
        }

        void nextMember() {
            skipSpaces();
            if (atEnd()) return;
            expect(',');
            skipSpaces();
            if (atEnd()) throw new MalformedSignatureException("trailing comma");
        }
    }
}
