package dev.palisade.engine.bootstrap;

import dev.palisade.engine.state.AttachmentCodec;

import java.util.Base64;

/**
 * What a bootstrap ticket is tied to: the digest of the client's re-auth fingerprint components, the
 * automation signals seen at bootstrap (comma-separated, empty when none), which the session inherits,
 * and the id of the debug token that vouched for the client instead of the page (empty when none), so
 * a token revoked meanwhile opens no session with a ticket it got before; the bits of work its page
 * asked (-1 when a debug token waived them), so a login from another address pays that address's price; and the
 * milliseconds from the page to the bootstrap (-1 before it is redeemed, or minted by a node of an older version),
 * which the session keeps with the bits as what its bootstrap paid.
 */
public record TicketBinding(byte[] clientDigest, String automation, String debugTokenId, int bits, long sincePageMillis) {

    /** A ticket the page's work and challenge paid for. */
    public TicketBinding(byte[] clientDigest, String automation) {
        this(clientDigest, automation, "");
    }

    /** Before its work is known: {@link #paid} says it once the page is redeemed. */
    public TicketBinding(byte[] clientDigest, String automation, String debugTokenId) {
        this(clientDigest, automation, debugTokenId, -1, -1);
    }

    /** A ticket priced at {@code bits}, its page's time not known. */
    public TicketBinding(byte[] clientDigest, String automation, String debugTokenId, int bits) {
        this(clientDigest, automation, debugTokenId, bits, -1);
    }

    /**
     * The same ticket, priced at the {@code bits} its page asked (-1: not priced, as a debug token's) and redeemed
     * {@code sincePageMillis} after its page.
     */
    public TicketBinding paid(int bits, long sincePageMillis) {
        return new TicketBinding(clientDigest, automation, debugTokenId, bits, sincePageMillis);
    }

    /**
     * What the session it opens keeps of its bootstrap: the bits (0, and waived, when a debug token waived the work)
     * and the time since the page; null when that time is not known.
     */
    public dev.palisade.engine.session.BootstrapCost cost() {
        if (sincePageMillis < 0) return null;
        return bits < 0 ? dev.palisade.engine.session.BootstrapCost.waived(sincePageMillis)
                : new dev.palisade.engine.session.BootstrapCost(bits, sincePageMillis);
    }

    /**
     * The digest in base64url, a line break, the signals, a line break, the debug token's id, a line break, the bits,
     * a line break, the milliseconds since the page.
     */
    public static final AttachmentCodec<TicketBinding> CODEC = new AttachmentCodec<>() {
        @Override
        public String encode(TicketBinding b) {
            return Base64.getUrlEncoder().withoutPadding().encodeToString(b.clientDigest()) + "\n" + b.automation()
                    + "\n" + b.debugTokenId() + "\n" + b.bits() + "\n" + b.sincePageMillis();
        }

        @Override
        public TicketBinding decode(String text) {
            int cut = text.indexOf('\n');
            if (cut < 0) throw new IllegalArgumentException("not a ticket binding");
            byte[] digest = Base64.getUrlDecoder().decode(text.substring(0, cut));
            String rest = text.substring(cut + 1);
            int second = rest.indexOf('\n');
            // a ticket minted by a node of an older version has no third part (no debug token), no fourth (not priced)
            // or no fifth (no time since its page)
            if (second < 0) return new TicketBinding(digest, rest, "");
            String after = rest.substring(second + 1);
            int third = after.indexOf('\n');
            if (third < 0) return new TicketBinding(digest, rest.substring(0, second), after);
            String priced = after.substring(third + 1);
            int fourth = priced.indexOf('\n'); // none: minted by a node that did not keep the page's time
            return fourth < 0 ? new TicketBinding(digest, rest.substring(0, second), after.substring(0, third),
                    Integer.parseInt(priced))
                    : new TicketBinding(digest, rest.substring(0, second), after.substring(0, third),
                            Integer.parseInt(priced.substring(0, fourth)), Long.parseLong(firstLine(priced.substring(fourth + 1))));
        }
    };

    /** A part up to its line's end: parts a later version adds after it are left unread (review 56). */
    private static String firstLine(String parts) {
        int end = parts.indexOf('\n');
        return end < 0 ? parts : parts.substring(0, end);
    }
}
