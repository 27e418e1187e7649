package dev.palisade.console.client;

/**
 * Counts the events in an export as its bytes stream past, for a progress bar: CSV records (line
 * ends outside quotes, the header not counted) or the objects of a JSON array (braces outside strings,
 * one level in). Byte by byte, since UTF-8 never uses these ASCII bytes inside a longer character.
 */
final class ExportCounter {

    private final boolean csv;
    private long count;
    private boolean inString;
    private boolean escaped;
    private int depth;

    ExportCounter(String format) {
        this.csv = "csv".equals(format);
    }

    void feed(byte[] bytes, int offset, int length) {
        for (int i = offset; i < offset + length; i++) {
            byte b = bytes[i];
            if (csv) {
                if (b == '"') inString = !inString;
                else if (b == '\n' && !inString) count++;
            } else if (inString) {
                if (escaped) escaped = false;
                else if (b == '\\') escaped = true;
                else if (b == '"') inString = false;
            } else if (b == '"') {
                inString = true;
            } else if (b == '{' || b == '[') {
                if (b == '{' && depth == 1) count++;
                depth++;
            } else if (b == '}' || b == ']') {
                depth--;
            }
        }
    }

    /** Events seen so far. */
    long events() {
        return csv ? Math.max(0, count - 1) : count;
    }
}
