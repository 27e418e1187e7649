package dev.palisade.engine.bootstrap;

import dev.palisade.engine.Denial;
import dev.palisade.engine.Reason;
import dev.palisade.engine.config.Settings;

import java.util.function.Supplier;

/**
 * Technique 6, the client bootstrap proof. Serving the client page mints a one-time page nonce; the
 * page redeems it soon after (the bootstrap window) for a ticket; a successful login spends the
 * ticket. A script that never loaded the page has no nonce, and a copied nonce works once, briefly.
 */
public final class BootstrapProof {

    private final OneTimeValues<Void> pageNonces;
    private final OneTimeValues<byte[]> tickets;
    private final Supplier<Settings> settings;

    public BootstrapProof(Supplier<Settings> settings, int capacity) {
        this.settings = settings;
        this.pageNonces = new OneTimeValues<>(capacity);
        this.tickets = new OneTimeValues<>(capacity);
    }

    /** @throws Denial {@code bootstrap_capacity} when too many page nonces are outstanding */
    public String mintPageNonce(long now) {
        String nonce = pageNonces.mint(now, settings.get().bootstrapWindow().toMillis(), null);
        if (nonce == null) throw busy("page nonces");
        return nonce;
    }

    /**
     * Redeems a page nonce for a ticket tied to the client's fingerprint digest.
     *
     * @throws Denial {@code no_bootstrap} if unknown, used or late
     */
    public Ticket redeem(String pageNonce, byte[] clientDigest, long now) {
        Settings s = settings.get();
        OneTimeValues.Minted<Void> minted = pageNonces.take(pageNonce);
        long mintedAt = minted == null ? -1 : minted.issuedAt();
        if (mintedAt < 0) {
            throw rejected("the page nonce is unknown or was already redeemed; reload the client page");
        }
        if (now - mintedAt > s.bootstrapWindow().toMillis()) {
            throw rejected("the page nonce was redeemed " + (now - mintedAt) / 1000 + " s after the page was served;"
                    + " the bootstrap window is " + s.bootstrapWindow().toSeconds() + " s");
        }
        String value = tickets.mint(now, s.bootstrapTicketTtl().toMillis(), clientDigest);
        if (value == null) throw busy("bootstrap tickets");
        return new Ticket(value, s.bootstrapTicketTtl().toSeconds());
    }

    /**
     * Checks a ticket before login without using it up, so a mistyped password does not cost the
     * user a page reload.
     *
     * @throws Denial {@code no_bootstrap} if missing, unknown, used or expired; {@code reauth_required}
     *                if another client than the one that bootstrapped presents it
     */
    public void require(String ticket, byte[] clientDigest, long now) {
        if (ticket == null || ticket.isEmpty()) {
            throw rejected("login needs a bootstrapTicket from POST /auth/bootstrap (or an API key)");
        }
        OneTimeValues.Minted<byte[]> minted = tickets.peek(ticket);
        if (minted == null) throw rejected("the bootstrap ticket is unknown or was already used");
        if (now - minted.issuedAt() > settings.get().bootstrapTicketTtl().toMillis()) {
            throw rejected("the bootstrap ticket expired; reload the client page");
        }
        if (!java.security.MessageDigest.isEqual(minted.attachment(), clientDigest)) {
            throw new Denial(Reason.REAUTH_REQUIRED, "the bootstrap ticket belongs to another client (User-Agent or"
                    + " network differ from the bootstrap); reload the client page");
        }
    }

    /**
     * Uses a ticket up; of two logins racing with one ticket, only one wins.
     *
     * @return when the ticket was issued (the moment the bootstrap was proven)
     * @throws Denial {@code no_bootstrap} as {@link #require}
     */
    public long spend(String ticket, byte[] clientDigest, long now) {
        require(ticket, clientDigest, now);
        OneTimeValues.Minted<byte[]> minted = tickets.take(ticket);
        if (minted == null) throw rejected("the bootstrap ticket was already used");
        return minted.issuedAt();
    }

    /** Drops expired nonces and tickets; called by the maintenance timer. */
    public void sweep(long now) {
        Settings s = settings.get();
        pageNonces.sweep(now, s.bootstrapWindow().toMillis());
        tickets.sweep(now, s.bootstrapTicketTtl().toMillis());
    }

    public int outstanding() { return pageNonces.size() + tickets.size(); }

    private static Denial rejected(String why) { return new Denial(Reason.NO_BOOTSTRAP, why); }

    private static Denial busy(String what) {
        return new Denial(Reason.BOOTSTRAP_CAPACITY, "too many outstanding " + what + "; try again in a few seconds");
    }
}
