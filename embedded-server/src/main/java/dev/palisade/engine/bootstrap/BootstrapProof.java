package dev.palisade.engine.bootstrap;

import dev.palisade.engine.Denial;
import dev.palisade.engine.Reason;
import dev.palisade.engine.Secrets;
import dev.palisade.engine.config.Settings;
import dev.palisade.engine.state.HotState;
import dev.palisade.engine.state.OneTimeStore;
import dev.palisade.engine.state.StateUnavailableException;
import dev.palisade.protocol.WorkChallenge;

import java.security.MessageDigest;
import java.nio.charset.StandardCharsets;
import java.util.function.Supplier;

/**
 * Technique 6, the client bootstrap proof. Serving the client page mints a one-time page nonce with a
 * proof of work and a challenge program of its own; the page redeems the nonce soon after (the
 * bootstrap window) with the work's solutions and the program's answer, for a ticket; a successful
 * login spends the ticket. A script that never loaded the page has no nonce; one that loaded it but
 * did not run it has no answer; a copied nonce works once, briefly.
 */
public final class BootstrapProof {

    private final OneTimeStore<PageChallenge> pageNonces;
    private final OneTimeStore<TicketBinding> tickets;
    private final Supplier<Settings> settings;
    private final int capacity;

    /** Page nonces and tickets in this process's memory. */
    public BootstrapProof(Supplier<Settings> settings, int capacity) {
        this(settings, capacity, new MemoryOneTimeStore<>(capacity, share(capacity)),
                new MemoryOneTimeStore<>(capacity, share(capacity)));
    }

    /** Page nonces and tickets where {@code state} keeps them (shared by every node of a cluster). */
    public BootstrapProof(Supplier<Settings> settings, int capacity, HotState state) {
        this(settings, capacity, state.oneTime("page", capacity, share(capacity), PageChallenge.CODEC),
                state.oneTime("ticket", capacity, share(capacity), TicketBinding.CODEC));
    }

    private BootstrapProof(Supplier<Settings> settings, int capacity, OneTimeStore<PageChallenge> pageNonces,
                           OneTimeStore<TicketBinding> tickets) {
        this.settings = settings;
        this.capacity = capacity;
        this.pageNonces = pageNonces;
        this.tickets = tickets;
    }

    /**
     * Hashes a second a slow device's browser does: a phone several times slower than a laptop, whose headless
     * Chromium does 3.5–4.3 M here (audit 50).
     */
    static final long SLOW_HASHES_PER_SECOND = 1_000_000;
    /** The most a page's window grows for its work: a powMaxBits of 32 would keep its nonces for hours. */
    static final long MOST_WORK_MILLIS = 300_000;

    /**
     * How long after serving a page its nonce may be redeemed: the bootstrap window, and twice the time a slow device
     * takes on average for the page's work (the sum of the puzzles' draws: one in 25 takes longer at 4 puzzles, one
     * in 7 at 1). A page priced high (a flagged address) left a slow device no time: each lapse a refusal of the
     * address, raising its price again (audit 50). 0.13 s more at 14 bits × 4, 34 s at 22.
     */
    public static long windowMillis(Settings s, int bits, int puzzles) {
        double hashes = 2.0 * puzzles * Math.pow(2, bits);
        return s.bootstrapWindow().toMillis() + (long) Math.min(MOST_WORK_MILLIS, hashes * 1000 / SLOW_HASHES_PER_SECOND);
    }

    private static long windowMillis(Settings s, PageChallenge page) {
        return windowMillis(s, page.work().bits(), page.work().count());
    }

    /** One address may hold 1 % of the store (at least 64): a flood from a few cannot refuse the others. */
    private static int share(int capacity) { return Math.max(64, capacity / 100); }

    /**
     * A page nonce for one serving of the client page, with its work ({@code bits} per puzzle) and program.
     *
     * @throws Denial {@code bootstrap_capacity} when too many page nonces are outstanding
     */
    public ServedPage servePage(String ip, int bits, long now) {
        Settings s = settings.get();
        long seed = Secrets.randomLong();
        ChallengeProgram program = ChallengeProgram.generate(seed);
        PageChallenge challenge = new PageChallenge(new WorkChallenge(Secrets.randomToken(16), bits, s.powPuzzles()),
                seed, program.answer());
        // kept for its own window: a cheap page, most of them, holds its place no longer than it can be redeemed
        long window = windowMillis(s, challenge);
        try {
            return new ServedPage(pageNonces.mint(dev.palisade.engine.AddressKey.of(ip), now, window, challenge),
                    challenge, program);
        } catch (OneTimeStore.RefusedException e) {
            throw refused(e, "page nonces", (window + 999) / 1000);
        } catch (StateUnavailableException e) {
            throw unavailable(e);
        }
    }

    /** The challenge of a page whose nonce is still outstanding and inside its window, else null. */
    public PageChallenge outstanding(String pageNonce, long now) {
        OneTimeStore.Minted<PageChallenge> minted;
        try {
            minted = pageNonces.peek(pageNonce);
        } catch (StateUnavailableException e) {
            throw unavailable(e);
        }
        if (minted == null || now - minted.issuedAt() > windowMillis(settings.get(), minted.attachment())) return null;
        return minted.attachment();
    }

    /**
     * Redeems a page nonce for a ticket tied to the client. The nonce is spent by the first attempt,
     * right or wrong, so each page's challenge can be answered once.
     *
     * @param workWaived a debug token vouches for the client: the work and the challenge are skipped
     * @param ip         the caller's address; when it is not the one the page was served to (its /64 for
     *                   IPv6), whose record priced the work, the page may cost no less than {@code priceHere}
     * @param priceHere  the bits a page served to {@code ip} would ask now
     * @return the ticket and what the page had asked for
     * @throws Denial {@code no_bootstrap} if the nonce is unknown, used or late; {@code work_required},
     *                {@code work_invalid}, {@code challenge_failed} as their names say
     */
    public Redeemed redeem(BootstrapClaim claim, boolean workWaived, TicketBinding binding, String ip,
                           java.util.function.IntSupplier priceHere, long now) {
        Settings s = settings.get();
        OneTimeStore.Minted<PageChallenge> minted = taken(pageNonces, claim.pageNonce());
        if (minted == null) {
            throw rejected("the page nonce is unknown or was already redeemed; reload the client page");
        }
        PageChallenge challenge = minted.attachment();
        long window = windowMillis(s, challenge);
        if (now - minted.issuedAt() > window) {
            throw rejected("the page nonce was redeemed " + (now - minted.issuedAt()) / 1000 + " s after the page was"
                    + " served; its window is " + window / 1000 + " s (the bootstrap window, "
                    + s.bootstrapWindow().toSeconds() + " s, and time for its work)");
        }
        if (!workWaived && !minted.owner().equals(dev.palisade.engine.AddressKey.of(ip))) {
            // the work was priced by the loading address's record: a clean address must not buy a flagged one's
            // page; one as clean (a person's IPv6 page, bootstrapped over IPv4) is no cheaper, and passes
            int here = priceHere.getAsInt();
            if (here > challenge.work().bits()) {
                throw Denial.price("the client page was served to another address than this bootstrap's, for less work"
                        + " than this address's pages ask (the page asked " + challenge.work().bits() + " bits; pages"
                        + " here ask " + here + "); reload the client page");
            }
        }
        if (!workWaived) {
            if (claim.work() == null) {
                throw new Denial(Reason.WORK_REQUIRED, "bootstrap needs the page's proof of work (" + challenge.work().count()
                        + " puzzles of " + challenge.work().bits() + " bits, <meta name=\"palisade-work\">)");
            }
            if (!challenge.work().isSolvedBy(claim.work())) {
                throw new Denial(Reason.WORK_INVALID, "the proof of work does not solve this page's puzzles");
            }
            if (claim.answer() == null || !MessageDigest.isEqual(challenge.answer().getBytes(StandardCharsets.US_ASCII),
                    claim.answer().getBytes(StandardCharsets.UTF_8))) {
                throw new Denial(Reason.CHALLENGE_FAILED, "the answer to this page's challenge is missing or wrong;"
                        + " bootstrap from the client page in a browser");
            }
        }
        long sincePage = Math.max(0, now - minted.issuedAt()); // 0, not none, when the page's node's clock is ahead
        String value;
        try {
            value = tickets.mint(minted.owner(), now, s.bootstrapTicketTtl().toMillis(),
                    binding.paid(workWaived ? -1 : challenge.work().bits(), sincePage));
        } catch (OneTimeStore.RefusedException e) {
            throw refused(e, "bootstrap tickets", s.bootstrapTicketTtl().toSeconds());
        } catch (StateUnavailableException e) {
            throw unavailable(e);
        }
        return new Redeemed(new Ticket(value, s.bootstrapTicketTtl().toSeconds()), challenge, now - minted.issuedAt());
    }

    /** Spends a page nonce without a ticket (its bootstrap was refused for another reason). */
    public void forget(String pageNonce) {
        taken(pageNonces, pageNonce);
    }

    /** A redeemed page: the ticket, what the page had asked, and how long after serving it came back. */
    public record Redeemed(Ticket ticket, PageChallenge challenge, long sincePageMillis) {}

    /**
     * Checks a ticket before login without using it up, so a mistyped password does not cost the
     * user a page reload.
     *
     * @param sameClient whether the client digest the ticket holds (under the salt of its bootstrap, which may
     *                  have rotated since) is the login's client's
     * @param ip        the login's address; when it is not the one the ticket's page was served to (its /64
     *                  for IPv6), the page's work may be no less than {@code priceHere}, as at the bootstrap
     * @param priceHere the bits a page served to {@code ip} would ask now
     * @throws Denial {@code no_bootstrap} if missing, unknown, used, expired, or paid for at another
     *                address's lower price; {@code reauth_required} if another client than the one that
     *                bootstrapped presents it
     */
    public void require(String ticket, java.util.function.Predicate<byte[]> sameClient, String ip,
                        java.util.function.IntSupplier priceHere, long now) {
        if (ticket == null || ticket.isEmpty()) {
            throw rejected("login needs a bootstrapTicket from POST /auth/bootstrap (or an API key)");
        }
        OneTimeStore.Minted<TicketBinding> minted;
        try {
            minted = tickets.peek(ticket);
        } catch (StateUnavailableException e) {
            throw unavailable(e);
        }
        if (minted == null) throw rejected("the bootstrap ticket is unknown or was already used");
        if (now - minted.issuedAt() > settings.get().bootstrapTicketTtl().toMillis()) {
            throw rejected("the bootstrap ticket expired; reload the client page");
        }
        if (!sameClient.test(minted.attachment().clientDigest())) {
            throw new Denial(Reason.REAUTH_REQUIRED, "the bootstrap ticket belongs to another client (User-Agent or"
                    + " network differ from the bootstrap); reload the client page");
        }
        int paid = minted.attachment().bits();
        if (paid >= 0 && !minted.owner().equals(dev.palisade.engine.AddressKey.of(ip))) {
            // a flagged address took a ticket a clean neighbour of its /24 proved at the clean price
            int here = priceHere.getAsInt();
            if (here > paid) {
                throw Denial.price("the bootstrap ticket was proven for another address than this login's, for less"
                        + " work than this address's pages ask (the ticket's page asked " + paid + " bits; pages here"
                        + " ask " + here + "); reload the client page");
            }
        }
    }

    /**
     * Uses a ticket up; of two logins racing with one ticket, only one wins.
     *
     * @return when the ticket was issued (the moment the bootstrap was proven) and what it was tied to
     * @throws Denial {@code no_bootstrap} as {@link #require}
     */
    public Spent spend(String ticket, java.util.function.Predicate<byte[]> sameClient, String ip,
                       java.util.function.IntSupplier priceHere, long now) {
        require(ticket, sameClient, ip, priceHere, now);
        OneTimeStore.Minted<TicketBinding> minted = taken(tickets, ticket);
        if (minted == null) throw rejected("the bootstrap ticket was already used");
        return new Spent(minted.issuedAt(), minted.attachment().automation(), minted.attachment().debugTokenId(),
                minted.attachment().cost());
    }

    /**
     * A spent ticket: when the bootstrap was proven, the automation signals seen then, the debug token that vouched (or
     * ""), and what the bootstrap paid (null when not known: a ticket from a node of an older version).
     */
    public record Spent(long bootstrapAt, String automation, String debugTokenId,
                        dev.palisade.engine.session.BootstrapCost cost) {}

    /** Drops expired nonces and tickets; called by the maintenance timer. */
    public void sweep(long now) {
        try {
            pageNonces.sweep(now);
            tickets.sweep(now);
        } catch (StateUnavailableException e) {
            // the next run sweeps; the outage itself is reported by the engine's watch on the store
        }
    }

    public int outstanding() { return sizeOf(pageNonces) + sizeOf(tickets); }

    /** Page nonces served and not yet redeemed or expired. */
    public int outstandingPages() { return sizeOf(pageNonces); }

    /** For statistics: 0 while a shared store does not answer (health says so, not a failed stats call). */
    private static int sizeOf(OneTimeStore<?> store) {
        try {
            return store.size();
        } catch (StateUnavailableException e) {
            return 0;
        }
    }

    /** The most page nonces (and, apart, tickets) outstanding at once; past it, {@code bootstrap_capacity}. */
    public int capacity() { return capacity; }

    private static Denial rejected(String why) { return new Denial(Reason.NO_BOOTSTRAP, why); }

    private static <A> OneTimeStore.Minted<A> taken(OneTimeStore<A> store, String value) {
        try {
            return store.take(value);
        } catch (StateUnavailableException e) {
            throw unavailable(e);
        }
    }

    /** The shared store does not answer: fail closed, and say the client may simply retry. */
    private static Denial unavailable(StateUnavailableException e) {
        // the cause (Redis's address, the client's words) is for the operator's log and event, not for the caller
        return new Denial(Reason.STATE_UNAVAILABLE, "the cluster's shared state does not answer; try again in a few seconds", 2);
    }

    private static Denial refused(OneTimeStore.RefusedException e, String what, long lifetimeSeconds) {
        if (e.refusal() == OneTimeStore.Refusal.OWNER_FULL) {
            return new Denial(Reason.RATE_LIMITED, "this address holds its share of outstanding " + what
                    + "; they lapse within " + lifetimeSeconds + " s", lifetimeSeconds);
        }
        return new Denial(Reason.BOOTSTRAP_CAPACITY, "too many outstanding " + what + "; try again in a few seconds", 5);
    }
}
