package dev.palisade.console.ui.common;

import dev.palisade.console.client.Dtos.EventView;

import java.util.ArrayList;
import java.util.List;

/**
 * The live events shown while a list's newest page was out, kept to go in front of its answer: the server's page holds
 * what was written when it was asked, so these, newer, were lost when the page replaced the list (audit 51 M3).
 * Bounded, so a flood while a busy server is waited out keeps only the newest. Used on the UI thread only.
 */
public final class KeptArrivals {

    private final int max;
    /** Oldest first; null while no page is out (or its answer would not take them: a range with an end). */
    private List<EventView> arrived;

    /** @param max the most kept: the list's own bound */
    public KeptArrivals(int max) {
        this.max = max;
    }

    /** A newest page goes out (or is asked again): what is shown live from now on is kept for its answer. */
    public void pageAsked() {
        arrived = new ArrayList<>();
    }

    /** No answer to put them in front of (the page failed, or another filter's is asked): the list keeps them as they came. */
    public void forget() {
        arrived = null;
    }

    /** Live events just put on top of the list, newest first: kept while a page is out. */
    public void shown(List<EventView> newestFirst) {
        if (arrived == null) return;
        for (int i = newestFirst.size() - 1; i >= 0; i--) arrived.add(newestFirst.get(i));
        if (arrived.size() > max) arrived.subList(0, arrived.size() - max).clear();
    }

    /** The page's answer, newest first, with what came live while it was out and is newer than it in front; nothing is kept after. */
    public List<EventView> inFrontOf(List<EventView> page) {
        List<EventView> shown = new ArrayList<>();
        if (arrived != null) {
            long newestInPage = page.isEmpty() ? Long.MIN_VALUE : page.get(0).id();
            for (EventView e : arrived) if (e.id() > newestInPage) shown.add(0, e); // newest first
        }
        arrived = null;
        shown.addAll(page);
        return shown;
    }
}
