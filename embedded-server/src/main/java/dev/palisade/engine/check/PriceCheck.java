package dev.palisade.engine.check;

import dev.palisade.engine.AddressKey;
import dev.palisade.engine.Check;
import dev.palisade.engine.ProtectedRequest;
import dev.palisade.engine.Reason;
import dev.palisade.engine.Verdict;
import dev.palisade.engine.session.Session;

import java.time.Clock;

/**
 * A session used from another address than its login's pays that address's price (audit ladder58 L1). The
 * fingerprint binds a /24, so a flagged address could call with the session a clean neighbour opened at the clean
 * price, and refresh it, as a page or a ticket of that neighbour's no longer lets it ({@code no_bootstrap}, check
 * {@code price}). Refused {@code reauth_required}: the client logs in again, through a page priced for where it is.
 */
public final class PriceCheck implements Check {

    /** The check's name, in events and problem documents: as the bootstrap's price refusals name theirs. */
    public static final String NAME = "price";

    /** The bits a client page served to an address would ask now, by that address's own record. */
    @FunctionalInterface
    public interface AddressPrice {
        int bitsFor(String ip, long now);
    }

    private final AddressPrice price;
    private final Clock clock;

    public PriceCheck(AddressPrice price, Clock clock) {
        this.price = price;
        this.clock = clock;
    }

    @Override
    public String name() { return NAME; }

    @Override
    public Verdict evaluate(ProtectedRequest request) {
        Session session = request.session();
        if (session == null) return null;
        String ip = request.clientIp();
        String loggedInFrom = session.clientIp();
        if (ip == null || ip.equals(loggedInFrom)) return null; // nearly every call: where the session began
        int paid = session.bootstrapBits();
        // no work to compare: an API key's login, or a debug token's bootstrap (as the ticket's check skips those)
        if (paid <= 0) return null;
        if (AddressKey.of(ip).equals(AddressKey.of(loggedInFrom))) return null; // another address of one IPv6 /64
        int here = price.bitsFor(ip, request.now(clock));
        if (here <= paid) return null; // an address as clean as the login's (a person who moved) pays no more
        return Verdict.deny(Reason.REAUTH_REQUIRED, NAME, "this session was opened from another address for " + paid
                + " bits of work, and pages served to this address ask " + here + "; log in again");
    }
}
