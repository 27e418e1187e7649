package dev.palisade.console.scenarios;

import dev.palisade.console.client.Dtos;

import java.util.Set;

/**
 * L4's price: the work a client page asks follows the record of the address it is served to, so a script whose own
 * refusals made its address dear gets its page from a clean neighbour of its /24, at the clean price, solves it natively
 * and redeems it from its own address. The server refuses that bootstrap 401 {@code no_bootstrap} with {@code check}
 * {@code price} (SECURITY.md, L4): a page is good only where it asks no less than that address's pages ask now. The
 * ticket and session variants of the rule need a page's challenge answered, which this script does not (scenario 14).
 */
final class BorrowedPage {

    /** Ten refusals in a minute add two bits to the address and one to its /24 (SECURITY.md, "Proof of work and a farm"). */
    private static final int REFUSALS = 10;
    /** What a script sends without a model of the page's layout; the price is checked before the answer. */
    private static final String GUESS = "0000000000000000";

    private BorrowedPage() {}

    static Attack scenario(int n) {
        return new Attack(n, "Borrowed page", Level.PROTOCOL_SCRIPT,
                "a script whose refusals made its address dear solves a page a clean neighbour of its /24 loaded at the clean"
                        + " price, and redeems it from its own address",
                "price (a page's work is priced by the address it is served to)", Set.of("no_bootstrap"), "price", (ctx, steps) -> {
                    String dear = ScenarioContext.address(n, 11);
                    String clean = ScenarioContext.address(n, 10);
                    try (ScenarioClient asCurl = ctx.client(n, 11, "curl/8.5.0");
                         ScenarioClient script = ctx.client(n, 11, ScenarioContext.BROWSER);
                         ScenarioClient neighbour = ctx.client(n, 10, ScenarioContext.BROWSER)) {
                        // its record, as the price counts it: refusals this minute (curl is blacklisted, or has no token)
                        ScenarioClient.Reply refused = null;
                        for (int i = 0; i < REFUSALS; i++) refused = asCurl.send(asCurl.request("/api/notes").get().build());
                        steps.add(REFUSALS + " calls from " + dear + " as curl, each refused: every refusal raises the work its"
                                + " pages ask", "GET /api/notes ×" + REFUSALS, refused);
                        Dtos.Price price = price(ctx, dear);
                        if (price != null && price.terms().stream().noneMatch(t -> t.name().equals("denials") && t.count() > 0)) {
                            // behind a balancer it does not trust, the server sees one caller: the balancer (README)
                            throw new IllegalStateException("the server counted none of the " + REFUSALS + " refusals against "
                                    + dear + ": it sees its callers from one address (a balancer or proxy not in the fingerprint"
                                    + " policy's trustedProxies?), so every caller pays one price and none can borrow a page");
                        }
                        ScenarioClient.Page own = script.page();
                        steps.add("its own page asks " + work(own) + why(price), "GET /", own.reply());
                        long wall0 = System.nanoTime();
                        ScenarioClient.Page borrowed = neighbour.page();
                        steps.control("a clean neighbour, " + clean + ", loads the page: " + work(borrowed), "GET /",
                                borrowed.reply());
                        NativeWork solved = NativeWork.solve(borrowed.work());
                        steps.attempt("redeem the neighbour's page from " + dear + ", its work solved at the neighbour's price ("
                                        + solved.hashes() + ")", "POST /auth/bootstrap",
                                script.bootstrap(borrowed, solved.solution().counters(), GUESS));
                        int dearer = own.work().bits() - borrowed.work().bits();
                        steps.cost(new Cost(solved.cpuMillis(), (System.nanoTime() - wall0) / 1e6, "native SHA-256 at the"
                                + " neighbour's price, " + solved.hashes() + (dearer > 0 ? "; its own page asks " + (1L << Math.min(dearer, 62))
                                + "× that work" : "") + ": CPU time, page to refusal"));
                    }
                });
    }

    /** "4 puzzles of 17 bits". */
    private static String work(ScenarioClient.Page page) {
        return NativeWork.asked(page.work());
    }

    /** What {@code GET /admin/price} tells of {@code ip}, or null when the admin API cannot say (a server from before it). */
    private static Dtos.Price price(ScenarioContext ctx, String ip) {
        try {
            return ctx.admin().price(ip);
        } catch (RuntimeException unknown) {
            return null;
        }
    }

    /** Why, as {@code GET /admin/price} told it: " (14 for any address, +2 for 10 refusals this minute, +1 for 10 refusals in its /24)". */
    private static String why(Dtos.Price price) {
        if (price == null) return "";
        StringBuilder why = new StringBuilder(" (").append(price.base()).append(" for any address");
        for (Dtos.PriceTerm t : price.terms()) {
            if (t.bits() > 0) why.append(", +").append(t.bits()).append(" for ").append(t.count()).append(' ').append(term(t.name()));
        }
        return why.append(')').toString();
    }

    private static String term(String name) {
        return switch (name) {
            case "denials" -> "refusals this minute";
            case "networkDenials" -> "refusals in its /24";
            case "liveSessions" -> "live sessions";
            case "pageLoads" -> "pages this minute";
            case "networkPageLoads" -> "pages in its /24";
            case "busyLoginSeconds" -> "seconds of full password checks";
            default -> name;
        };
    }
}
