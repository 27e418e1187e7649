package dev.palisade.engine.blacklist;

import java.util.Collection;

/**
 * A set of addresses and CIDR ranges. A port: the HTTP layer supplies Jetty's InetAddressSet, so
 * the engine needs no address arithmetic of its own.
 */
public interface AddressSet {

    boolean contains(String address);

    /** Builds sets; {@link #check} says why a pattern is not an address or range. */
    interface Factory {
        AddressSet of(Collection<String> patterns);

        /** @throws IllegalArgumentException if {@code pattern} is neither an address nor a CIDR range */
        void check(String pattern);
    }
}
