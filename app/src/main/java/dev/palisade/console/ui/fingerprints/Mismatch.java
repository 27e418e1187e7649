package dev.palisade.console.ui.fingerprints;

import dev.palisade.console.client.Dtos.EventView;

/**
 * One session's fingerprint changing one way, however many of its calls were refused for it: the
 * list showed a row per refused call, so a session retrying from another browser filled the view.
 *
 * @param latest the newest of its events (what the row shows and acts on)
 * @param count  how many events it stands for
 */
public record Mismatch(EventView latest, int count) {

    /** Events of one session with the same change (the same components, from the same values to the same values). */
    static String key(EventView e) {
        return e.sessionId() + '\n' + e.code() + '\n' + e.detail();
    }
}
