package dev.palisade.engine.bootstrap;

import dev.palisade.engine.Denial;
import dev.palisade.engine.Reason;
import dev.palisade.engine.config.Settings;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * The bootstrap proof on its own: each refusal with its code, its words and its Retry-After, at the
 * exact edges of the page window (30 s) and the ticket lifetime (120 s).
 */
class BootstrapProofTest {

    private static final long T0 = 1_800_000_000_000L;
    private static final byte[] CLIENT = {1, 2, 3};
    /** The login's client is the bootstrap's. */
    private static final java.util.function.Predicate<byte[]> IS_CLIENT = bound -> java.util.Arrays.equals(bound, CLIENT);
    /** Where the tickets' pages are served, and logged in from. */
    private static final String HERE = "192.0.2.1";
    private final BootstrapProof proof = new BootstrapProof(Settings::defaults, 200);

    private static BootstrapClaim solved(ServedPage page) {
        return new BootstrapClaim(page.nonce(), page.challenge().work().solve().counters(), page.challenge().answer());
    }

    private static Denial refusal(Runnable r) {
        return catchThrowableOfType(r::run, Denial.class);
    }

    private String ticket(long at) {
        ServedPage page = proof.servePage("192.0.2.1", 4, at);
        return proof.redeem(solved(page), false, new TicketBinding(CLIENT, "webdriver"), "192.0.2.1", () -> 4, at).ticket().value();
    }

    @Test
    void aPageIsOutstandingUntilTheLastMillisecondOfItsWindow() {
        ServedPage page = proof.servePage("192.0.2.1", 4, T0);
        assertThat(page.challenge().work().bits()).isEqualTo(4);
        assertThat(page.challenge().work().count()).isEqualTo(Settings.defaults().powPuzzles());
        assertThat(proof.outstanding(page.nonce(), T0 + 30_000)).isEqualTo(page.challenge());
        assertThat(proof.outstanding(page.nonce(), T0 + 30_001)).isNull();
        assertThat(proof.outstanding("no-such-nonce", T0)).isNull();
        assertThat(proof.outstanding()).isEqualTo(1);
        ServedPage onTime = proof.servePage("192.0.2.1", 4, T0);
        assertThat(proof.redeem(solved(onTime), false, new TicketBinding(CLIENT, ""), "192.0.2.1", () -> 4, T0 + 30_000)
                .sincePageMillis()).as("redeemed in the window's last millisecond").isEqualTo(30_000);
        Denial late = refusal(() -> proof.redeem(solved(page), false, new TicketBinding(CLIENT, ""), "192.0.2.1", () -> 4, T0 + 31_000));
        assertThat(late.reason()).isEqualTo(Reason.NO_BOOTSTRAP);
        assertThat(late.getMessage()).isEqualTo("the page nonce was redeemed 31 s after the page was served; its window"
                + " is 30 s (the bootstrap window, 30 s, and time for its work)");
        assertThat(proof.outstandingPages()).as("spent by the late try").isZero();
        assertThat(proof.outstanding()).as("the ticket of the page redeemed in time").isEqualTo(1);
    }

    /*
     * Audit 50: the window ran from the serving whatever the page's price, so a slow device at a flagged address's
     * 22 bits × 4 (17 M hashes, 17 s at a million a second) missed it about half the time, each lapse a refusal
     * that raised the price again. A page's window adds twice its work's time at a million hashes a second.
     */
    @Test
    void aPagePricedHigherGivesItsWorkTimeOnTopOfTheWindow() {
        long work22 = 2L * 4 * (1L << 22) * 1000 / BootstrapProof.SLOW_HASHES_PER_SECOND; // 33 554 ms
        ServedPage dear = proof.servePage(HERE, 22, T0);
        assertThat(proof.outstanding(dear.nonce(), T0 + 30_000 + work22)).as("its challenge still served").isNotNull();
        assertThat(proof.outstanding(dear.nonce(), T0 + 30_001 + work22)).isNull();
        assertThat(proof.redeem(new BootstrapClaim(dear.nonce(), null, null), true, new TicketBinding(CLIENT, ""), HERE,
                () -> 22, T0 + 30_000 + work22).sincePageMillis()).isEqualTo(30_000 + work22);
        ServedPage late = proof.servePage(HERE, 22, T0);
        Denial d = refusal(() -> proof.redeem(new BootstrapClaim(late.nonce(), null, null), true, new TicketBinding(CLIENT, ""),
                HERE, () -> 22, T0 + 30_001 + work22));
        assertThat(d.reason()).isEqualTo(Reason.NO_BOOTSTRAP);
        assertThat(d.getMessage()).contains("its window is 63 s");

        ServedPage cheap = proof.servePage(HERE, 14, T0); // the default price: 131 ms more
        assertThat(refusal(() -> proof.redeem(new BootstrapClaim(cheap.nonce(), null, null), true, new TicketBinding(CLIENT, ""),
                HERE, () -> 14, T0 + 30_132)).reason()).isEqualTo(Reason.NO_BOOTSTRAP);

        assertThat(BootstrapProof.windowMillis(Settings.defaults(), 32, 64)).as("at most five minutes more").isEqualTo(330_000);

        // the session's review: kept for the highest price's window, every page held the store's places twice as long
        // (a flood of page loads filling it twice as cheaply); each page is kept for its own window
        BootstrapProof store = new BootstrapProof(Settings::defaults, 200);
        ServedPage cheapKept = store.servePage(HERE, 14, T0);
        store.servePage(HERE, 22, T0);
        store.sweep(T0 + 30_132);
        assertThat(store.outstandingPages()).as("the 14-bit page gone, the 22-bit one kept").isEqualTo(1);
        assertThat(store.outstanding(cheapKept.nonce(), T0 + 30_132)).isNull();
        store.sweep(T0 + 30_001 + work22);
        assertThat(store.outstandingPages()).isZero();
    }

    @Test
    void eachWrongAnswerHasItsOwnCodeAndSpendsThePage() {
        ServedPage noWork = proof.servePage("192.0.2.1", 4, T0);
        Denial d = refusal(() -> proof.redeem(new BootstrapClaim(noWork.nonce(), null, noWork.challenge().answer()), false,
                new TicketBinding(CLIENT, ""), "192.0.2.1", () -> 4, T0));
        assertThat(d.reason()).isEqualTo(Reason.WORK_REQUIRED);
        assertThat(d.getMessage()).isEqualTo("bootstrap needs the page's proof of work (4 puzzles of 4 bits,"
                + " <meta name=\"palisade-work\">)");
        assertThat(refusal(() -> proof.redeem(solved(noWork), false, new TicketBinding(CLIENT, ""), "192.0.2.1", () -> 4, T0)).reason())
                .as("the first try spent it").isEqualTo(Reason.NO_BOOTSTRAP);
        ServedPage noAnswer = proof.servePage("192.0.2.1", 4, T0);
        BootstrapClaim unanswered = new BootstrapClaim(noAnswer.nonce(), noAnswer.challenge().work().solve().counters(), null);
        assertThat(refusal(() -> proof.redeem(unanswered, false, new TicketBinding(CLIENT, ""), "192.0.2.1", () -> 4, T0)).reason())
                .isEqualTo(Reason.CHALLENGE_FAILED);
        ServedPage wrong = proof.servePage("192.0.2.1", 4, T0);
        BootstrapClaim wrongAnswer = new BootstrapClaim(wrong.nonce(), wrong.challenge().work().solve().counters(),
                wrong.challenge().answer() + "0");
        assertThat(refusal(() -> proof.redeem(wrongAnswer, false, new TicketBinding(CLIENT, ""), "192.0.2.1", () -> 4, T0)).reason())
                .isEqualTo(Reason.CHALLENGE_FAILED);
        ServedPage waived = proof.servePage("192.0.2.1", 4, T0);
        assertThat(proof.redeem(new BootstrapClaim(waived.nonce(), null, null), true, new TicketBinding(CLIENT, ""), "192.0.2.1", () -> 4, T0)
                .ticket().expiresInSeconds()).as("a debug token waives both").isEqualTo(120);
    }

    @Test
    void aPageServedElsewhereIsRedeemedOnlyIfItCostNoLessThanThisAddressesPagesAsk() {
        // an address whose refusals price its pages at 10 bits must not solve a page priced at 4 for a clean one
        ServedPage cheap = proof.servePage("192.0.2.1", 4, T0);
        Denial elsewhere = refusal(() -> proof.redeem(solved(cheap), false, new TicketBinding(CLIENT, ""), "198.51.100.7",
                () -> 5, T0));
        assertThat(elsewhere.reason()).isEqualTo(Reason.NO_BOOTSTRAP);
        assertThat(elsewhere.getMessage()).as("the measured cost the refusal is about: both prices").isEqualTo("the client"
                + " page was served to another address than this bootstrap's, for less work than this address's pages ask"
                + " (the page asked 4 bits; pages here ask 5); reload the client page");
        assertThat(refusal(() -> proof.redeem(solved(cheap), false, new TicketBinding(CLIENT, ""), "192.0.2.1", () -> 4, T0))
                .reason()).as("spent by the refused try").isEqualTo(Reason.NO_BOOTSTRAP);

        ServedPage v6 = proof.servePage("2001:db8:1:2::10", 4, T0);
        assertThat(proof.redeem(solved(v6), false, new TicketBinding(CLIENT, ""), "192.0.2.1", () -> 4, T0).ticket().value())
                .as("a person's IPv6 page bootstrapped over IPv4, as clean: no cheaper").isNotBlank();
        ServedPage same = proof.servePage("2001:db8:1:2::10", 4, T0);
        assertThat(proof.redeem(solved(same), false, new TicketBinding(CLIENT, ""), "2001:db8:1:2::99", () -> 9, T0)
                .ticket().value()).as("its own /64: priced for it when served, whatever it costs since").isNotBlank();
        ServedPage waived = proof.servePage("192.0.2.1", 4, T0);
        assertThat(proof.redeem(new BootstrapClaim(waived.nonce(), null, null), true, new TicketBinding(CLIENT, ""),
                "198.51.100.7", () -> 9, T0).ticket().value()).as("a debug token waives the work and its price").isNotBlank();
    }

    /*
     * A flagged address had a clean neighbour of its /24 load and bootstrap a page at the clean price,
     * then logged in with the ticket: its own pages asked 16 times the work.
     */
    @Test
    void aLoginFromAnotherAddressPaysThatAddresssPrice() {
        String ticket = ticket(T0); // a page of 4 bits, served to and bootstrapped from HERE
        Denial dearer = refusal(() -> proof.require(ticket, IS_CLIENT, "192.0.2.66", () -> 5, T0));
        assertThat(dearer.reason()).isEqualTo(Reason.NO_BOOTSTRAP);
        assertThat(dearer.getMessage()).contains("for less work than this address's pages ask (the ticket's page asked 4"
                + " bits; pages here ask 5)");
        assertThat(refusal(() -> proof.spend(ticket, IS_CLIENT, "192.0.2.66", () -> 5, T0)).reason()).isEqualTo(Reason.NO_BOOTSTRAP);
        proof.require(ticket, IS_CLIENT, "192.0.2.66", () -> 4, T0); // as clean: the same price, no cheaper
        proof.require(ticket, IS_CLIENT, HERE, () -> 9, T0); // its own address: priced for it when served
        ServedPage waived = proof.servePage(HERE, 4, T0);
        String vouched = proof.redeem(new BootstrapClaim(waived.nonce(), null, null), true, new TicketBinding(CLIENT, "", "d1"),
                HERE, () -> 4, T0).ticket().value();
        proof.require(vouched, IS_CLIENT, "192.0.2.66", () -> 9, T0); // a debug token waived the work and its price
        // a page that asked no work (powMinBits 0) is priced too: at nothing, which a dearer address outbids
        ServedPage free = proof.servePage(HERE, 0, T0);
        String freeTicket = proof.redeem(solved(free), false, new TicketBinding(CLIENT, ""), HERE, () -> 0, T0).ticket().value();
        assertThat(refusal(() -> proof.require(freeTicket, IS_CLIENT, "192.0.2.66", () -> 1, T0)).reason()).isEqualTo(Reason.NO_BOOTSTRAP);
    }

    @Test
    void aTicketsPriceIsKeptAcrossNodesAndAnOlderNodesTicketIsNotPriced() {
        TicketBinding priced = new TicketBinding(CLIENT, "webdriver", "d1", 15);
        assertThat(TicketBinding.CODEC.decode(TicketBinding.CODEC.encode(priced))).usingRecursiveComparison().isEqualTo(priced);
        TicketBinding older = TicketBinding.CODEC.decode("AQID\nwebdriver\nd1");
        assertThat(older.bits()).isEqualTo(-1);
        assertThat(older.debugTokenId()).isEqualTo("d1");
        TicketBinding timed = priced.paid(15, 830);
        assertThat(TicketBinding.CODEC.decode(TicketBinding.CODEC.encode(timed))).usingRecursiveComparison().isEqualTo(timed);
        TicketBinding untimed = TicketBinding.CODEC.decode("AQID\nwebdriver\nd1\n15");
        assertThat(untimed.bits()).isEqualTo(15);
        assertThat(untimed.cost()).as("a ticket of a node that did not keep its page's time").isNull();
        // review 56: a ticket from a later version, with a part more, is read for what this one knows of it
        TicketBinding later = TicketBinding.CODEC.decode("AQID\nwebdriver\nd1\n15\n830\nsomething new");
        assertThat(later).usingRecursiveComparison().isEqualTo(timed);
    }

    @Test
    void aSpentTicketTellsWhatItsBootstrapPaid() {
        ServedPage page = proof.servePage(HERE, 4, T0);
        String ticket = proof.redeem(solved(page), false, new TicketBinding(CLIENT, ""), HERE, () -> 4, T0 + 830).ticket().value();
        assertThat(proof.spend(ticket, IS_CLIENT, HERE, () -> 4, T0 + 900).cost())
                .isEqualTo(new dev.palisade.engine.session.BootstrapCost(4, 830));
        ServedPage waived = proof.servePage(HERE, 4, T0);
        String vouched = proof.redeem(new BootstrapClaim(waived.nonce(), null, null), true, new TicketBinding(CLIENT, "", "d1"),
                HERE, () -> 4, T0 + 20).ticket().value();
        assertThat(proof.spend(vouched, IS_CLIENT, HERE, () -> 4, T0 + 30).cost()).as("a debug token waived the work")
                .isEqualTo(dev.palisade.engine.session.BootstrapCost.waived(20));
        // review 56: on a cluster the page's node's clock may run ahead of the bootstrap's
        ServedPage ahead = proof.servePage(HERE, 4, T0 + 50);
        String behind = proof.redeem(solved(ahead), false, new TicketBinding(CLIENT, ""), HERE, () -> 4, T0).ticket().value();
        assertThat(proof.spend(behind, IS_CLIENT, HERE, () -> 4, T0 + 10).cost())
                .isEqualTo(new dev.palisade.engine.session.BootstrapCost(4, 0));
    }

    @Test
    void aTicketIsCheckedWithoutSpendingItAndSpentOnce() {
        String ticket = ticket(T0);
        proof.require(ticket, IS_CLIENT, HERE, () -> 4, T0 + 120_000);
        Denial other = refusal(() -> proof.require(ticket, bound -> java.util.Arrays.equals(bound, new byte[] {1, 2, 4}), HERE, () -> 4, T0));
        assertThat(other.reason()).isEqualTo(Reason.REAUTH_REQUIRED);
        assertThat(refusal(() -> proof.require(ticket, IS_CLIENT, HERE, () -> 4, T0 + 120_001)).getMessage())
                .isEqualTo("the bootstrap ticket expired; reload the client page");
        BootstrapProof.Spent spent = proof.spend(ticket, IS_CLIENT, HERE, () -> 4, T0 + 1_000);
        assertThat(spent.bootstrapAt()).isEqualTo(T0);
        assertThat(spent.automation()).isEqualTo("webdriver");
        assertThat(refusal(() -> proof.spend(ticket, IS_CLIENT, HERE, () -> 4, T0 + 1_000)).getMessage())
                .isEqualTo("the bootstrap ticket is unknown or was already used");
        assertThat(refusal(() -> proof.require(null, IS_CLIENT, HERE, () -> 4, T0)).getMessage())
                .isEqualTo("login needs a bootstrapTicket from POST /auth/bootstrap (or an API key)");
        assertThat(refusal(() -> proof.require("", IS_CLIENT, HERE, () -> 4, T0)).reason()).isEqualTo(Reason.NO_BOOTSTRAP);
        assertThat(refusal(() -> proof.spend("no-such-ticket", IS_CLIENT, HERE, () -> 4, T0)).reason()).isEqualTo(Reason.NO_BOOTSTRAP);
    }

    @Test
    void oneAddressGetsItsShareAndAFullStoreRefusesEveryone() {
        BootstrapProof small = new BootstrapProof(Settings::defaults, 100); // share: at least 64
        for (int i = 0; i < 64; i++) small.servePage("192.0.2.1", 4, T0);
        Denial share = refusal(() -> small.servePage("192.0.2.1", 4, T0));
        assertThat(share.reason()).isEqualTo(Reason.RATE_LIMITED);
        assertThat(share.retryAfterSeconds()).isEqualTo(30);
        assertThat(share.getMessage()).isEqualTo("this address holds its share of outstanding page nonces; they lapse within 30 s");
        for (int i = 0; i < 36; i++) small.servePage("192.0.2." + (2 + i), 4, T0);
        Denial full = refusal(() -> small.servePage("198.51.100.1", 4, T0));
        assertThat(full.reason()).isEqualTo(Reason.BOOTSTRAP_CAPACITY);
        assertThat(full.retryAfterSeconds()).isEqualTo(5);
        small.sweep(T0 + 30_000);
        assertThat(small.outstanding()).as("still inside the window").isEqualTo(100);
        small.sweep(T0 + 30_001);
        assertThat(small.outstanding()).isZero();
        assertThat(small.servePage("198.51.100.1", 4, T0 + 30_001).nonce()).isNotBlank();
    }

    @Test
    void ticketsAreSweptAfterTheirLifetime() {
        ticket(T0);
        proof.sweep(T0 + 120_000);
        assertThat(proof.outstanding()).isEqualTo(1);
        proof.sweep(T0 + 120_001);
        assertThat(proof.outstanding()).isZero();
    }
}
