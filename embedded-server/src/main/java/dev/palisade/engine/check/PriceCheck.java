package dev.palisade.engine.check;

import dev.palisade.engine.Check;
import dev.palisade.engine.Denial;
import dev.palisade.engine.ProtectedRequest;
import dev.palisade.engine.Reason;
import dev.palisade.engine.Verdict;
import dev.palisade.engine.session.Session;

import java.time.Clock;

/**
 * A session is not used from an address dearer than the one it was opened from (audit ladder58 L1). The fingerprint
 * binds a /24, so a flagged address could call with the session a clean neighbour opened at the clean price, and
 * refresh it, as a page or a ticket of that neighbour's no longer lets it ({@code no_bootstrap}, check {@code price}).
 * Refused {@code reauth_required}: the client logs in again, through a page priced for where it is. What both
 * addresses share (the settings, their network's record) raises both prices alike and refuses no one who moved.
 */
public final class PriceCheck implements Check {

    /** The bits a client page served to an address would ask now, by that address's own record. */
    @FunctionalInterface
    public interface AddressPrice {
        int bitsFor(String ip, long now);
    }

    private final AddressPrices prices;
    private final Clock clock;

    public PriceCheck(AddressPrice price, Clock clock) {
        this.prices = new AddressPrices(price);
        this.clock = clock;
    }

    @Override
    public String name() { return Denial.PRICE_CHECK; }

    @Override
    public Verdict evaluate(ProtectedRequest request) {
        Session session = request.session();
        if (session == null) return null;
        String ip = request.clientIp();
        String loggedInFrom = session.clientIp();
        if (ip == null || ip.equals(loggedInFrom)) return null; // nearly every call: where the session began
        int paid = session.bootstrapBits();
        // no work to compare: an API key's login (-1), a debug token's bootstrap (-2) or a page of 0 bits, whose dearest
        // price (the address's terms on 0 bits) is a millisecond's hashing
        if (paid <= 0) return null;
        long now = request.now(clock);
        int here = prices.bitsFor(ip, now);
        if (here <= paid) return null; // what the session paid covers this address (another of one IPv6 /64 is priced alike)
        if (here <= prices.bitsFor(loggedInFrom, now)) return null; // no dearer than where it began: the price rose for both
        return Verdict.deny(Reason.REAUTH_REQUIRED, Denial.PRICE_CHECK, "this session was opened from another address"
                + " for " + paid + " bits of work, and pages served to this address ask " + here + "; log in again");
    }
}
