package dev.palisade.http.admin;

/**
 * A text cell of a CSV export. A cell a spreadsheet would read as a formula (one starting with
 * {@code = + - @}, a tab or a carriage return: an attacker chooses user names, paths and headers that end
 * up in events) gets a leading apostrophe, which spreadsheets show as text; then RFC 4180 quoting.
 */
final class CsvCell {

    private CsvCell() {}

    static String text(String s) {
        String cell = !s.isEmpty() && "=+-@\t\r".indexOf(s.charAt(0)) >= 0 ? "'" + s : s;
        boolean quote = false;
        for (int i = 0; i < cell.length() && !quote; i++) {
            char c = cell.charAt(i);
            quote = c == ',' || c == '"' || c == '\n' || c == '\r';
        }
        return quote ? '"' + cell.replace("\"", "\"\"") + '"' : cell;
    }
}
