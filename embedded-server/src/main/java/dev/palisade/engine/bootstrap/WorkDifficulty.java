package dev.palisade.engine.bootstrap;

import dev.palisade.engine.config.Settings;
import dev.palisade.engine.session.SessionRegistry;

import java.util.function.Supplier;

/**
 * How many bits of work a client page asks of the caller loading it: {@code powBits} for a clean
 * record, more for a risky one, always within {@code powMinBits}..{@code powMaxBits}. Each added bit
 * doubles the expected work. What adds bits, per one-minute window:
 * <ul>
 *   <li>denials of the address: 3 → +1, 10 → +2, 30 → +4 (a bootstrap flagged as automated, and let
 *       through, weighs as three);</li>
 *   <li>denials of its network, the /24 (an IPv6 caller's /48): 10 → +1, 50 → +2;</li>
 *   <li>live sessions from the address: 10 → +1, 50 → +2;</li>
 *   <li>client pages loaded by the address: 20 → +1, 60 → +2, 200 → +4;</li>
 *   <li>client pages loaded by its network: 300 → +1, 1 000 → +2 (a farm spread over one network);</li>
 *   <li>for every caller, the seconds in which this node's password checks were full ({@link LoginPressure}):
 *       1 → +1, 10 → +2, 30 → +4, so that during a flood of guesses a ticket costs about what its password check
 *       costs the server.</li>
 * </ul>
 * Volume alone (many people behind one NAT) adds bits only at volumes no household reaches, and at
 * most 4 while {@code pagesPerMinuteMax} stays at its default; refusals weigh most, because a person
 * is rarely refused.
 */
public final class WorkDifficulty {

    private final Supplier<Settings> settings;
    private final CallerRecord record;
    private final SessionRegistry sessions;
    private final LoginPressure logins;

    public WorkDifficulty(Supplier<Settings> settings, CallerRecord record, SessionRegistry sessions, LoginPressure logins) {
        this.settings = settings;
        this.record = record;
        this.sessions = sessions;
        this.logins = logins;
    }

    /** The bits a page served to {@code ip} now asks. */
    public int bitsFor(String ip, long now) {
        return priceFor(ip, now).bits();
    }

    /**
     * The bits {@code ip}'s own record asks, without the busy logins' term: what a page or ticket used from another
     * address than its own is held to. A person whose address changed between page and login is not refused
     * because a flood began meanwhile (review 58, R4); a flagged address escapes at most that term, during a flood.
     */
    public int addressBitsFor(String ip, long now) {
        return price(ip, now, 0).addressBits();
    }

    /**
     * What a page served to an address asks now, and why, for an operator (console audit 59: the price an address's
     * record set was shown nowhere): {@code bits} within the settings' bounds, {@code addressBits} the same without the
     * busy logins' term ({@link #addressBitsFor}, what the price checks compare: told apart so that a price refusal
     * during a login flood can be explained, contract audit 60, M2), {@code base} ({@code powBits}), and each term's
     * count in its window and the bits it adds.
     */
    public record Price(int bits, int addressBits, int base, int puzzles, java.util.List<Term> terms) {
        /** One term: {@code denials}, {@code networkDenials}, {@code liveSessions}, {@code pageLoads}, {@code networkPageLoads}, {@code busyLoginSeconds}. */
        public record Term(String name, long count, int bits) {}
    }

    /** {@link #bitsFor}, told term by term. */
    public Price priceFor(String ip, long now) {
        return price(ip, now, logins.recentFullSeconds(now));
    }

    /** The one place the terms are weighed; {@code busySeconds}: the busy logins' count (0 leaves the term out). */
    private Price price(String ip, long now, long busySeconds) {
        Settings s = settings.get();
        long denials = record.denials(ip, now);
        long networkDenials = record.networkDenials(ip, now);
        long live = sessions.countLive(ip, null, now)[0];
        long pages = record.pageLoads(ip, now);
        long networkPages = record.networkPageLoads(ip, now);
        int busy = step(busySeconds, 1, 10, 30);
        java.util.List<Price.Term> terms = java.util.List.of(
                new Price.Term("denials", denials, step(denials, 3, 10, 30)),
                new Price.Term("networkDenials", networkDenials, Math.min(2, step(networkDenials, 10, 50, Long.MAX_VALUE))),
                new Price.Term("liveSessions", live, Math.min(2, step(live, 10, 50, Long.MAX_VALUE))),
                new Price.Term("pageLoads", pages, step(pages, 20, 60, 200)),
                // a farm that spreads its pages over the addresses of one /24 (each under the steps above)
                // pays for them together: a busy office behind a few addresses stays well below
                new Price.Term("networkPageLoads", networkPages, Math.min(2, step(networkPages, 300, 1_000, Long.MAX_VALUE))),
                new Price.Term("busyLoginSeconds", busySeconds, busy));
        int extra = 0;
        for (Price.Term t : terms) extra += t.bits();
        return new Price(bounded(s, extra), bounded(s, extra - busy), s.powBits(), s.powPuzzles(), terms);
    }

    /** {@code powBits} and {@code extra} bits, within {@code powMinBits}..{@code powMaxBits}. */
    private static int bounded(Settings s, int extra) {
        return Math.max(s.powMinBits(), Math.min(s.powMaxBits(), s.powBits() + extra));
    }

    /** 0 below {@code one}, 1 from it, 2 from {@code two}, 4 from {@code four}. */
    private static int step(long value, long one, long two, long four) {
        if (value >= four) return 4;
        if (value >= two) return 2;
        return value >= one ? 1 : 0;
    }
}
