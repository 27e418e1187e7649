package dev.palisade.engine.signature;

import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Parses the two RFC 9421 fields: {@code Signature-Input} (a dictionary of inner lists of strings
 * with parameters) and {@code Signature} (a dictionary of byte sequences). Only the RFC 8941 subset
 * these fields use is accepted; anything else is malformed.
 */
public final class SignatureHeaders {

    /** Strings nearly every Signature-Input holds; returned as these instances rather than copies. */
    private static final String[] KNOWN = {"@method", "@authority", "@path", "@query", "authorization", "content-digest",
            "hmac-sha256"};

    private SignatureHeaders() {}

    public static Map<String, SignatureInput> parseInput(String field) {
        Map<String, SignatureInput> out = new LinkedHashMap<>();
        Cursor c = new Cursor(field);
        c.skipSpaces();
        while (!c.atEnd()) {
            String label = c.key();
            c.expect('=');
            int paramsStart = c.pos;
            List<String> components = innerList(c);
            long created = -1;
            long expires = -1;
            String keyId = null;
            String alg = null;
            String nonce = null;
            while (c.peek() == ';') {
                c.pos++;
                c.skipSpaces();
                String name = c.key();
                c.expect('=');
                switch (name) {
                    case "created" -> created = c.integer();
                    case "expires" -> expires = c.integer();
                    case "keyid" -> keyId = c.string();
                    case "alg" -> alg = c.string();
                    case "nonce" -> nonce = c.string();
                    case "tag" -> c.string();
                    default -> throw new MalformedSignatureException("unknown signature parameter " + name);
                }
            }
            String params = field.substring(paramsStart, c.pos);
            out.put(label, new SignatureInput(label, components, created, expires, keyId, alg, nonce, params));
            c.nextMember();
        }
        if (out.isEmpty()) throw new MalformedSignatureException("Signature-Input is empty");
        return out;
    }

    public static Map<String, byte[]> parseSignatures(String field) {
        Map<String, byte[]> out = new LinkedHashMap<>();
        Cursor c = new Cursor(field);
        c.skipSpaces();
        while (!c.atEnd()) {
            String label = c.key();
            c.expect('=');
            out.put(label, c.bytes());
            c.nextMember();
        }
        return out;
    }

    private static List<String> innerList(Cursor c) {
        c.expect('(');
        List<String> items = new ArrayList<>();
        c.skipSpaces();
        while (c.peek() != ')') {
            items.add(c.string());
            if (c.peek() == ';') throw new MalformedSignatureException("component parameters are not supported");
            if (c.peek() != ')' && c.peek() != ' ') throw new MalformedSignatureException("bad inner list");
            c.skipSpaces();
        }
        c.pos++;
        return items;
    }

    /** A position in a header value, with the RFC 8941 pieces it reads. */
    private static final class Cursor {
        private final String s;
        private int pos;

        Cursor(String s) {
            if (s.length() > 8_192) throw new MalformedSignatureException("signature field too long");
            this.s = s;
        }

        boolean atEnd() { return pos >= s.length(); }

        char peek() { return atEnd() ? '\0' : s.charAt(pos); }

        void skipSpaces() {
            while (!atEnd() && (s.charAt(pos) == ' ' || s.charAt(pos) == '\t')) pos++;
        }

        void expect(char ch) {
            if (peek() != ch) throw new MalformedSignatureException("expected '" + ch + "' at " + pos);
            pos++;
        }

        String key() {
            int start = pos;
            char first = peek();
            if (!(first >= 'a' && first <= 'z') && first != '*') throw new MalformedSignatureException("bad key at " + pos);
            while (!atEnd()) {
                char ch = s.charAt(pos);
                if ((ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9') || ch == '_' || ch == '-' || ch == '.' || ch == '*') {
                    pos++;
                } else {
                    break;
                }
            }
            return s.substring(start, pos);
        }

        /** An RFC 8941 integer: an optional minus and 1 to 15 ASCII digits (a 16th is left unread, so it is refused). */
        long integer() {
            int start = pos;
            if (peek() == '-') pos++;
            int digits = pos;
            while (!atEnd() && s.charAt(pos) >= '0' && s.charAt(pos) <= '9' && pos - digits < 15) pos++;
            if (pos == digits) throw new MalformedSignatureException("expected an integer at " + start);
            return Long.parseLong(s, start, pos, 10);
        }

        /**
         * An RFC 8941 string. Without escapes (nearly always) it is one substring, and the
         * component names every signature covers are shared constants: parsing allocates less.
         */
        String string() {
            expect('"');
            int start = pos;
            while (true) {
                if (atEnd()) throw new MalformedSignatureException("unterminated string");
                char ch = s.charAt(pos);
                if (ch == '"') {
                    String plain = known(start, pos);
                    pos++;
                    return plain;
                }
                if (ch == '\\') break; // an escape: take the careful path below
                if (ch < 0x20 || ch > 0x7e) throw new MalformedSignatureException("bad character in string");
                pos++;
            }
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

        private String known(int start, int end) {
            for (String k : KNOWN) {
                if (k.length() == end - start && s.startsWith(k, start)) return k;
            }
            return s.substring(start, end);
        }

        byte[] bytes() {
            expect(':');
            int end = s.indexOf(':', pos);
            if (end < 0) throw new MalformedSignatureException("unterminated byte sequence");
            try {
                byte[] v = Base64.getDecoder().decode(s.substring(pos, end));
                pos = end + 1;
                return v;
            } catch (IllegalArgumentException e) {
                throw new MalformedSignatureException("bad base64 in byte sequence");
            }
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
