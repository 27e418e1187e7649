package dev.palisade.engine.state;

/**
 * The proof of work's record of callers (refusals per address and network, page loads per address)
 * counted by every node of a cluster, so an address spread over the nodes meets the work its whole
 * record earns. Each key counts in a window that starts at its first count.
 */
public interface CallerCounts {

    /**
     * Adds each key's increment (a node gathers its counts for a moment and sends them together).
     *
     * @throws StateUnavailableException when the shared store does not answer
     */
    void add(long windowMillis, java.util.Map<String, Long> increments);

    /**
     * Each key's count and the milliseconds left in its window ({@code {count, millisLeft}}; {@code {0, 0}}
     * for a key with none).
     *
     * @throws StateUnavailableException when the shared store does not answer
     */
    long[][] read(String... keys);
}
