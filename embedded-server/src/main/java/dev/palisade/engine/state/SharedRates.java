package dev.palisade.engine.state;

import java.util.List;

/**
 * The port for rate windows counted by every node of a cluster together (hot state, STYLE 12). A
 * call is counted in each window it falls in only if none would be exceeded, as on one node, so a
 * caller spread over three nodes gets a window's limit once, not three times.
 */
public interface SharedRates {

    /**
     * One window for one key.
     *
     * @param id            the window and key, the same on every node (it names the counts)
     * @param limit         calls allowed within the window
     * @param windowMillis  the window's length
     */
    record Slot(String id, int limit, long windowMillis) {}

    /**
     * @param index             which of the slots was exceeded
     * @param observed          its rate with this call
     * @param retryAfterSeconds when the window has room again
     * @param firstInWindow     the first refusal of this window, cluster-wide (reported once)
     */
    record Refused(int index, double observed, long retryAfterSeconds, boolean firstInWindow) {}

    /**
     * Counts the call in every slot, or in none when one would be exceeded.
     *
     * @return the first exceeded slot, or null when the call was counted
     * @throws StateUnavailableException when the shared counts cannot be reached
     */
    Refused acquire(List<Slot> slots, long now);

    /**
     * Takes back a call {@link #acquire} counted at {@code countedAt} in {@code slots}, which a later check refused.
     *
     * @throws StateUnavailableException when the shared counts cannot be reached
     */
    void release(List<Slot> slots, long countedAt);
}
