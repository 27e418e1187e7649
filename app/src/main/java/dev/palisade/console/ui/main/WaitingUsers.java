package dev.palisade.console.ui.main;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;

/**
 * The users login alerts named that the operator has not yet had listed, the latest alerted first: a user alerted again
 * comes first again. Each opening of their view takes the first. At most {@link #MOST}: past that the badge would stay
 * for as many openings (review fuzz58); the older ones are in Events, where every alert is.
 */
final class WaitingUsers {

    static final int MOST = 20;

    /** Oldest first; read backwards. */
    private final LinkedHashSet<String> users = new LinkedHashSet<>();

    void alerted(String user) {
        users.remove(user);
        users.add(user);
        if (users.size() > MOST) users.remove(users.iterator().next());
    }

    /** The first user was listed. */
    void looked() {
        List<String> all = all();
        if (!all.isEmpty()) users.remove(all.get(0));
    }

    /** The latest alerted first. */
    List<String> all() {
        List<String> all = new ArrayList<>(users);
        java.util.Collections.reverse(all);
        return List.copyOf(all);
    }
}
