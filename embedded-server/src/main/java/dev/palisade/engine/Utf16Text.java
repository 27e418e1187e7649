package dev.palisade.engine;

/**
 * Whether a Java string is text: an unpaired surrogate is no character, has no UTF-8 form, and
 * comes back from the store as '?' (sqlite-jdbc encodes with {@code String.getBytes(UTF_8)}).
 */
public final class Utf16Text {

    private Utf16Text() {}

    public static boolean wellFormed(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) i++;
            else if (Character.isSurrogate(c)) return false;
        }
        return true;
    }
}
