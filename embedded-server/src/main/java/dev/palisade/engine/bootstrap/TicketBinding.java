package dev.palisade.engine.bootstrap;

import dev.palisade.engine.state.AttachmentCodec;

import java.util.Base64;

/**
 * What a bootstrap ticket is tied to: the digest of the client's re-auth fingerprint components, the
 * automation signals seen at bootstrap (comma-separated, empty when none), which the session inherits,
 * and the id of the debug token that vouched for the client instead of the page (empty when none), so
 * a token revoked meanwhile opens no session with a ticket it got before; and the bits of work its page
 * asked (-1 when a debug token waived them), so a login from another address pays that address's price.
 */
public record TicketBinding(byte[] clientDigest, String automation, String debugTokenId, int bits) {

    /** A ticket the page's work and challenge paid for. */
    public TicketBinding(byte[] clientDigest, String automation) {
        this(clientDigest, automation, "");
    }

    /** Before its work is known: {@link #paid} says it once the page is redeemed. */
    public TicketBinding(byte[] clientDigest, String automation, String debugTokenId) {
        this(clientDigest, automation, debugTokenId, -1);
    }

    /** The same ticket, priced at the {@code bits} its page asked (-1: not priced, as a debug token's). */
    public TicketBinding paid(int bits) {
        return new TicketBinding(clientDigest, automation, debugTokenId, bits);
    }

    /** The digest in base64url, a line break, the signals, a line break, the debug token's id, a line break, the bits. */
    public static final AttachmentCodec<TicketBinding> CODEC = new AttachmentCodec<>() {
        @Override
        public String encode(TicketBinding b) {
            return Base64.getUrlEncoder().withoutPadding().encodeToString(b.clientDigest()) + "\n" + b.automation()
                    + "\n" + b.debugTokenId() + "\n" + b.bits();
        }

        @Override
        public TicketBinding decode(String text) {
            int cut = text.indexOf('\n');
            if (cut < 0) throw new IllegalArgumentException("not a ticket binding");
            byte[] digest = Base64.getUrlDecoder().decode(text.substring(0, cut));
            String rest = text.substring(cut + 1);
            int second = rest.indexOf('\n');
            // a ticket minted by a node of an older version has no third part (no debug token) or no fourth (not priced)
            if (second < 0) return new TicketBinding(digest, rest, "");
            String after = rest.substring(second + 1);
            int third = after.indexOf('\n');
            return third < 0 ? new TicketBinding(digest, rest.substring(0, second), after)
                    : new TicketBinding(digest, rest.substring(0, second), after.substring(0, third),
                            Integer.parseInt(after.substring(third + 1)));
        }
    };
}
