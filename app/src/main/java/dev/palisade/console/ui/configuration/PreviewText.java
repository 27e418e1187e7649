package dev.palisade.console.ui.configuration;

import dev.palisade.console.client.Dtos.PreviewExampleView;
import dev.palisade.console.client.Dtos.PreviewView;
import dev.palisade.console.ui.common.Formats;

/**
 * A preview in the operator's words: whose calls were replayed when they are a node's part of a cluster's, what the
 * change would have done, then the first calls it would have changed.
 */
final class PreviewText {

    private PreviewText() {}

    static String of(PreviewView p) {
        String part = part(p);
        StringBuilder b = new StringBuilder(part).append(part.isEmpty() ? "Over" : "over").append(" the last ")
                .append(p.calls()).append(p.calls() == 1 ? " call" : " calls").append(" it could touch, this change ");
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

    /**
     * On a cluster a node replays the calls it served itself (cluster audit 62, M1: its answer read as the cluster's);
     * "" for the whole cluster's, a server alone's and an older server's answer (no scope), which read as before.
     */
    private static String part(PreviewView p) {
        if (!"node".equals(p.scope())) return "";
        if (p.nodes() <= 0) return "On this node only (how many nodes are up is not known now): ";
        if (p.nodes() == 1) return "On this node, the only one up now: ";
        return "On this node (1 of " + p.nodes() + "), which served about " + share(p.nodes()) + " of the cluster's calls: ";
    }

    private static String share(int nodes) {
        return switch (nodes) {
            case 2 -> "half";
            case 3 -> "a third";
            case 4 -> "a quarter";
            case 5 -> "a fifth";
            default -> "1/" + nodes;
        };
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
