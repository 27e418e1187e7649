package dev.palisade.engine.check;

import java.util.concurrent.ConcurrentHashMap;

/**
 * What pages served to an address would ask, remembered for a second: a session called from an address other
 * than its login's (a NAT pool's, a person who moved) is priced on every call, and a price is several counts, read
 * from Redis on a cluster (review of ladder58 L1). A second late is nothing to a price that moves by the minute.
 */
final class AddressPrices {

    static final long KEEP_MILLIS = 1_000;
    /** Addresses remembered at most: a table this full is emptied, and refilled by the addresses still calling. */
    static final int MAX = 4_096;

    private final PriceCheck.AddressPrice price;
    /** By address as the call gives it: {bits, when priced}. */
    private final ConcurrentHashMap<String, long[]> prices = new ConcurrentHashMap<>();

    AddressPrices(PriceCheck.AddressPrice price) {
        this.price = price;
    }

    int bitsFor(String ip, long now) {
        long[] known = prices.get(ip);
        if (known != null && now >= known[1] && now - known[1] < KEEP_MILLIS) return (int) known[0];
        int bits = price.bitsFor(ip, now);
        if (prices.size() >= MAX) prices.clear();
        prices.put(ip, new long[] {bits, now});
        return bits;
    }
}
