package dev.palisade.engine.auth;

import dev.palisade.engine.FieldError;

import java.util.List;

/** The name an operator gives a token's holder (a debug token, an operator): shown in lists and events. */
public final class HolderName {

    public static final int MAX_LENGTH = 64;

    private HolderName() {}

    /** Adds an error for {@code field} unless {@code name} is 1–64 printable characters. */
    public static void check(String field, String name, List<FieldError> errors) {
        if (name == null || name.isBlank() || name.length() > MAX_LENGTH || !name.codePoints().allMatch(HolderName::printable)) {
            errors.add(new FieldError(field, "1–" + MAX_LENGTH + " printable characters"));
        }
    }

    /**
     * The name in one case, letter by letter as {@link String#equalsIgnoreCase} compares: two names
     * are the same in any case exactly when their folds are equal. A store that cannot fold every
     * alphabet (Redis's scripts fold ASCII) compares these.
     */
    public static String folded(String name) {
        StringBuilder out = new StringBuilder(name.length());
        name.codePoints().forEach(c -> out.appendCodePoint(Character.toLowerCase(Character.toUpperCase(c))));
        return out.toString();
    }

    /** No controls, and no invisible formatting (e.g. a right-to-left override) that would disguise a name in a list. */
    private static boolean printable(int c) {
        int type = Character.getType(c);
        return !Character.isISOControl(c) && type != Character.FORMAT && type != Character.LINE_SEPARATOR
                && type != Character.PARAGRAPH_SEPARATOR && type != Character.SURROGATE && type != Character.UNASSIGNED
                && type != Character.PRIVATE_USE;
    }
}
