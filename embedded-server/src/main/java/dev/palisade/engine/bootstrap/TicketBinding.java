package dev.palisade.engine.bootstrap;

import dev.palisade.engine.state.AttachmentCodec;

import java.util.Base64;

/**
 * What a bootstrap ticket is tied to: the digest of the client's re-auth fingerprint components, the
 * automation signals seen at bootstrap (comma-separated, empty when none), which the session inherits,
 * and the id of the debug token that vouched for the client instead of the page (empty when none), so
 * a token revoked meanwhile opens no session with a ticket it got before.
 */
public record TicketBinding(byte[] clientDigest, String automation, String debugTokenId) {

    /** A ticket the page's work and challenge paid for. */
    public TicketBinding(byte[] clientDigest, String automation) {
        this(clientDigest, automation, "");
    }

    /** The digest in base64url, a line break, the signals, a line break, the debug token's id. */
    public static final AttachmentCodec<TicketBinding> CODEC = new AttachmentCodec<>() {
        @Override
        public String encode(TicketBinding b) {
            return Base64.getUrlEncoder().withoutPadding().encodeToString(b.clientDigest()) + "\n" + b.automation()
                    + "\n" + b.debugTokenId();
        }

        @Override
        public TicketBinding decode(String text) {
            int cut = text.indexOf('\n');
            if (cut < 0) throw new IllegalArgumentException("not a ticket binding");
            byte[] digest = Base64.getUrlDecoder().decode(text.substring(0, cut));
            String rest = text.substring(cut + 1);
            int second = rest.indexOf('\n');
            // a ticket minted by a node of the version before has no third part: no debug token
            return second < 0 ? new TicketBinding(digest, rest, "")
                    : new TicketBinding(digest, rest.substring(0, second), rest.substring(second + 1));
        }
    };
}
