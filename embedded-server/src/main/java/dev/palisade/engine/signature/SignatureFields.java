package dev.palisade.engine.signature;

import dev.palisade.engine.PerThread;

import java.util.Arrays;
import java.util.List;

/**
 * The one signature a protected call carries, read from its {@code Signature-Input} and
 * {@code Signature} fields once, into a structure each request thread reuses: spans of the field
 * values instead of substrings, the covered components as shared constants, the MAC into a kept
 * array. So checking a signature builds no strings of its own (BENCHMARKS.md, section 1).
 *
 * <p>A call's checks read it in turn on the thread that runs them, and the next call on that
 * thread overwrites it: nothing may keep it past its call. The grammar is
 * {@link SignatureHeaders}'; {@link SignatureHeaders#parseInput} reads each member through here.
 */
public final class SignatureFields {

    private static final PerThread<SignatureFields> PER_THREAD = PerThread.withInitial(SignatureFields::new);
    /** The longest MAC kept; a longer one cannot match HMAC-SHA256 and is only checked for its grammar. */
    static final int MAX_MAC = 64;
    /** Signature: no member carries this signature's label. */
    private static final int NO_MEMBER = -2;

    private final SignatureHeaders.Cursor cursor = new SignatureHeaders.Cursor();
    private String input;
    private int labelStart;
    private int labelEnd;
    private String[] components = new String[8];
    private int componentCount;
    private long created;
    private long expires;
    private final Text keyId = new Text();
    private final Text alg = new Text();
    private final Text nonce = new Text();
    private int paramsStart;
    private int paramsEnd;
    private final byte[] mac = new byte[MAX_MAC];
    private int macLength = NO_MEMBER;
    /** The field being read: its members so far (2 meaning "more than one"). */
    private int members;

    /** This thread's structure. */
    public static SignatureFields ofThisThread() {
        return PER_THREAD.get();
    }

    /**
     * Reads a Signature-Input field; with several members the fields hold the last one's.
     *
     * @return how many members it has, a repeated label counted again: RFC 8941 §3.2 would have it replace the member,
     *         but then what a log or a gateway shows first is not what is verified (fuzz58), so the profile refuses it
     * @throws MalformedSignatureException when it is not the RFC 8941 subset RFC 9421 uses
     */
    public int readInput(String field) {
        macLength = NO_MEMBER;
        SignatureHeaders.Cursor c = cursor.on(field);
        c.skipSpaces();
        members = 0;
        while (!c.atEnd()) {
            readMember(c, field);
            countMember();
            c.nextMember();
        }
        if (members == 0) throw new MalformedSignatureException("Signature-Input is empty");
        return members;
    }

    /** The parameters a member may carry, by the index {@link #readMember} finds them under. */
    private static final String[] PARAMETERS = {"alg", "tag", "keyid", "nonce", "created", "expires"};

    /** One member, from its label to the end of its parameters. */
    void readMember(SignatureHeaders.Cursor c, String field) {
        input = field;
        c.keySpan();
        labelStart = c.spanStart;
        labelEnd = c.spanEnd;
        c.expect('=');
        paramsStart = c.pos;
        readComponents(c);
        created = -1;
        expires = -1;
        keyId.clear();
        alg.clear();
        nonce.clear();
        int given = 0; // a bit a parameter: one given twice is refused, as the JSON reader refuses a repeated member
        while (c.peek() == ';') {
            c.pos++;
            c.skipSpaces();
            c.keySpan();
            int nameStart = c.spanStart;
            int nameEnd = c.spanEnd;
            // by length and first letter, then one comparison: this runs for every parameter of every call
            int index = switch (nameEnd - nameStart) {
                case 3 -> field.charAt(nameStart) == 'a' ? 0 : 1;
                case 5 -> field.charAt(nameStart) == 'k' ? 2 : 3;
                case 7 -> field.charAt(nameStart) == 'c' ? 4 : 5;
                default -> -1;
            };
            if (index < 0 || !c.spanIs(PARAMETERS[index])) {
                throw new MalformedSignatureException("unknown signature parameter " + field.substring(nameStart, nameEnd));
            }
            if ((given & 1 << index) != 0) {
                throw new MalformedSignatureException("signature parameter " + PARAMETERS[index] + " given twice");
            }
            given |= 1 << index;
            c.expect('=');
            switch (index) {
                case 0 -> alg.read(c, field);
                case 2 -> keyId.read(c, field);
                case 3 -> nonce.read(c, field);
                case 4 -> created = seconds(c, "created");
                case 5 -> expires = seconds(c, "expires");
                default -> c.stringSpan(); // tag: read, not used
            }
        }
        paramsEnd = c.pos;
    }

    /** A time in seconds since 1970: a negative one would read as absent (-1), so it is malformed. */
    private static long seconds(SignatureHeaders.Cursor c, String name) {
        long value = c.integer();
        if (value < 0) throw new MalformedSignatureException(name + " must be 0 or more");
        return value;
    }

    /**
     * Component lists this thread read lately, as sent, and what each reads as: a client sends the
     * same one or two lists on every call, so a list seen before is matched as text, not parsed again.
     */
    private final String[] listTexts = new String[4];
    private final String[][] listComponents = new String[4][];
    private int nextList;
    /**
     * The most components one signature may cover: the profile's six and ten of the app's own fields. With each at most
     * once, a base is no longer than the request's head.
     */
    static final int MAX_COMPONENTS = 16;
    /** Longer lists are parsed every time rather than kept. */
    private static final int LONGEST_KEPT_LIST = 256;

    private void readComponents(SignatureHeaders.Cursor c) {
        int start = c.pos;
        for (int i = 0; i < listTexts.length; i++) {
            String text = listTexts[i];
            if (text != null && c.at(text)) {
                // the same text reads as the same components and ends at the same ')'
                String[] known = listComponents[i];
                if (known.length > components.length) components = Arrays.copyOf(components, known.length);
                System.arraycopy(known, 0, components, 0, known.length);
                componentCount = known.length;
                c.pos = start + text.length();
                return;
            }
        }
        parseComponents(c);
        if (c.pos - start <= LONGEST_KEPT_LIST) {
            listTexts[nextList] = input.substring(start, c.pos);
            listComponents[nextList] = Arrays.copyOf(components, componentCount);
            nextList = (nextList + 1) % listTexts.length;
        }
    }

    private void parseComponents(SignatureHeaders.Cursor c) {
        c.expect('(');
        componentCount = 0;
        c.skipSpaces();
        while (c.peek() != ')') {
            String escaped = c.stringSpan();
            if (componentCount == MAX_COMPONENTS) {
                throw new MalformedSignatureException("more than " + MAX_COMPONENTS + " covered components");
            }
            if (componentCount == components.length) components = Arrays.copyOf(components, componentCount * 2);
            String component = escaped != null ? escaped : c.known(c.spanStart, c.spanEnd);
            checkNew(component);
            components[componentCount++] = component;
            if (c.peek() == ';') throw new MalformedSignatureException("component parameters are not supported");
            if (c.peek() != ')' && c.peek() != ' ') throw new MalformedSignatureException("bad inner list");
            c.skipSpaces();
        }
        c.pos++;
    }

    /**
     * A component's name as RFC 9421 §2.1 and §2.5 have it: a field's name in lower case, and each at most once. Audit
     * path57: a list of one header's name 930 times built a 3.5 MB base from an 8 KiB request; "X-App" matched the
     * field {@code x-app} while a strict verifier would refuse it, and would have named the same field twice.
     */
    private void checkNew(String component) {
        if (!component.startsWith("@")) {
            for (int i = 0; i < component.length(); i++) {
                char ch = component.charAt(i);
                if (ch >= 'A' && ch <= 'Z') throw new MalformedSignatureException("a field's component name is lower case");
            }
        }
        for (int i = 0; i < componentCount; i++) {
            if (components[i].equals(component)) throw new MalformedSignatureException("component given twice");
        }
    }

    /**
     * Reads a Signature field, keeping the MAC of the member labelled as the signature read by
     * {@link #readInput} (the last such member).
     *
     * @return how many members it has, a repeated label counted again
     * @throws MalformedSignatureException when it is not a dictionary of byte sequences
     */
    public int readSignature(String field) {
        macLength = NO_MEMBER;
        SignatureHeaders.Cursor c = cursor.on(field);
        c.skipSpaces();
        members = 0;
        while (!c.atEnd()) {
            c.keySpan();
            int start = c.spanStart;
            int end = c.spanEnd;
            c.expect('=');
            if (input != null && sameSpan(field, start, end, input, labelStart, labelEnd)) {
                macLength = c.bytesInto(mac);
            } else {
                c.bytesInto(null);
            }
            countMember();
            c.nextMember();
        }
        return members;
    }

    /** One more member: more than one, whatever their labels, is all a caller needs to know. */
    private void countMember() {
        members = Math.min(members + 1, 2);
    }

    private static boolean sameSpan(String a, int aStart, int aEnd, String b, int bStart, int bEnd) {
        return aEnd - aStart == bEnd - bStart && a.regionMatches(aStart, b, bStart, aEnd - aStart);
    }

    /** Whether the Signature field read last has a member with this signature's label. */
    public boolean hasMac() { return macLength != NO_MEMBER; }

    /** Constant time (for MACs of the same length): whether the presented MAC is {@code expected}. */
    public boolean macEquals(byte[] expected, int length) {
        if (macLength != length) return false;
        int diff = 0;
        for (int i = 0; i < length; i++) diff |= mac[i] ^ expected[i];
        return diff == 0;
    }

    public boolean covers(String component) {
        for (int i = 0; i < componentCount; i++) {
            if (components[i].equals(component)) return true;
        }
        return false;
    }

    public int componentCount() { return componentCount; }

    public String component(int index) { return components[index]; }

    /** Seconds since the epoch, or -1 when absent. */
    public long created() { return created; }

    /** Seconds since the epoch, or -1 when absent. */
    public long expires() { return expires; }

    public boolean keyIdIs(String id) { return keyId.is(id); }

    /**
     * The keyid as a span, for a compare that makes no string: the text it lies in (null when the
     * signature has none), then {@link #keyIdStart()} and {@link #keyIdEnd()}.
     */
    public String keyIdText() { return keyId.text; }

    public int keyIdStart() { return keyId.start; }

    public int keyIdEnd() { return keyId.end; }

    public boolean algIs(String name) { return alg.is(name); }

    /** The nonce's length in characters, or -1 when the signature has none. */
    public int nonceLength() { return nonce.length(); }

    public void appendNonce(Utf8Buffer out) { nonce.appendTo(out); }

    /** The value of {@code @signature-params}: the member's text after its label, as sent. */
    public void appendParams(Utf8Buffer out) { out.appendAscii(input, paramsStart, paramsEnd); }

    /** The signature's label (a copy: for messages and values, not the request path). */
    public String label() { return input.substring(labelStart, labelEnd); }

    /** This member as a value of its own (copies its text). */
    SignatureInput toInput() {
        return new SignatureInput(label(), List.of(Arrays.copyOf(components, componentCount)), created, expires,
                keyId.toString(), alg.toString(), nonce.toString(), input.substring(paramsStart, paramsEnd));
    }

    /** A string parameter (ASCII, as the grammar allows): a span of the field, or its unescaped text when it had escapes. */
    private static final class Text {
        private String text;
        private int start;
        private int end;

        void clear() {
            text = null;
        }

        void read(SignatureHeaders.Cursor c, String field) {
            String escaped = c.stringSpan();
            if (escaped != null) {
                text = escaped;
                start = 0;
                end = escaped.length();
            } else {
                text = field;
                start = c.spanStart;
                end = c.spanEnd;
            }
        }

        boolean is(String s) {
            return text != null && sameSpan(text, start, end, s, 0, s.length());
        }

        int length() { return text == null ? -1 : end - start; }

        void appendTo(Utf8Buffer out) {
            if (text != null) out.appendAscii(text, start, end);
        }

        @Override
        public String toString() { return text == null ? null : text.substring(start, end); }
    }
}
