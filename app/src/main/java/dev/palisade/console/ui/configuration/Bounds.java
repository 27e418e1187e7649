package dev.palisade.console.ui.configuration;

import java.math.BigInteger;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The whole numbers a field takes, as printed beside it. Checked on the client, so one Apply marks every
 * field out of its range: the server was asked only once the whole numbers were right, one round per kind
 * of mistake, and a number too large for a long was called "not a whole number" (ux44 D6).
 *
 * @param unit what the number counts ("s"), said with the complaint; empty where the field's hint says it
 */
record Bounds(long min, long max, String unit) {

    private static final Pattern WHOLE = Pattern.compile("[-+]?\\d+");

    /** What is wrong with {@code text} as the field's value, in the server's words; empty when nothing is. */
    String complaint(String text) {
        String t = text == null ? "" : text.strip();
        if (!WHOLE.matcher(t).matches()) return unit.isEmpty() ? "a whole number" : "a whole number, in " + unit;
        BigInteger n = new BigInteger(t.startsWith("+") ? t.substring(1) : t);
        if (n.compareTo(BigInteger.valueOf(min)) < 0 || n.compareTo(BigInteger.valueOf(max)) > 0) {
            return "must be between " + min + " and " + max + (unit.isEmpty() ? "" : " " + unit);
        }
        return "";
    }

    /** A choice's complaint: "must be session, ip or apikey"; empty when {@code value} is one of them. */
    static String choiceComplaint(String value, List<String> choices) {
        if (choices.contains(value)) return "";
        int last = choices.size() - 1;
        return "must be " + (last == 0 ? choices.get(0) : String.join(", ", choices.subList(0, last)) + " or " + choices.get(last));
    }
}
