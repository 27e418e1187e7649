package dev.palisade.engine.state;

/**
 * The port for the auto-block's counts (hot state, STYLE 12): refusals per address within a window,
 * counted by every node of a cluster together, so three nodes do not allow three times the refusals
 * before an address is blocked.
 */
public interface DenialCounts {

    /**
     * Counts one refusal of {@code address}.
     *
     * @return the refusals of the address in its current window, this one included (1 starts a window)
     * @throws StateUnavailableException when the shared counts cannot be reached
     */
    long count(String address, long now, long windowMillis);

    /**
     * Claims the block of the address's current window: true for the first claim of a window, made on any
     * node. A node that reached the limit past it, before another node's block reached it, would block the
     * address a second time (found in CI: two {@code ip_auto_blocked} for one window).
     *
     * @throws StateUnavailableException when the shared counts cannot be reached
     */
    boolean claimBlock(String address);

    /**
     * Gives back this window's claim of a block that could not be stored, so that the address's next refusal,
     * on any node, claims and blocks it.
     *
     * @throws StateUnavailableException when the shared counts cannot be reached (the claim then lapses with its window)
     */
    void releaseBlock(String address);
}
