package dev.palisade.console.ui.configuration;

import dev.palisade.console.client.Dtos.PreviewExampleView;
import dev.palisade.console.client.Dtos.PreviewView;
import dev.palisade.console.ui.common.Formats;

/** A preview in the operator's words: what the change would have done, then the first calls it would have changed. */
final class PreviewText {

    private PreviewText() {}

    static String of(PreviewView p) {
        StringBuilder b = new StringBuilder("Over the last ").append(p.calls()).append(p.calls() == 1 ? " call" : " calls")
                .append(" it could touch, this change ");
        if (p.newlyRefused() == 0 && p.newlyAllowed() == 0) {
            return b.append("would have decided nothing differently.").toString();
        }
        b.append("would have refused ").append(p.newlyRefused()).append(" that were let through and let through ")
                .append(p.newlyAllowed()).append(" that were refused (").append(count(p.sessions(), "session")).append(", ")
                .append(count(p.users(), "user")).append(", ").append(count(p.addresses(), "address")).append(").");
        // a burst in one second gives examples that read the same: one line with their count
        String last = null;
        int times = 0;
        for (PreviewExampleView e : p.examples()) {
            String line = line(e);
            if (line.equals(last)) {
                times++;
                continue;
            }
            if (last != null) append(b, last, times);
            last = line;
            times = 1;
        }
        if (last != null) append(b, last, times);
        return b.toString();
    }

    private static String line(PreviewExampleView e) {
        StringBuilder b = new StringBuilder("• ").append(Formats.time(e.at())).append("  ").append(e.method()).append(' ')
                .append(e.path());
        if (!e.user().isEmpty()) b.append(" by ").append(e.user());
        if (!e.ip().isEmpty()) b.append(" from ").append(e.ip());
        b.append(": ").append(e.before()).append(" → ").append(e.after());
        if (!e.why().isEmpty()) b.append(" (").append(e.why()).append(')');
        return b.toString();
    }

    private static void append(StringBuilder b, String line, int times) {
        b.append('\n').append(line);
        if (times > 1) b.append(" ×").append(times);
    }

    private static String count(long n, String noun) {
        return n + " " + (n == 1 ? noun : noun.equals("address") ? "addresses" : noun + "s");
    }
}
