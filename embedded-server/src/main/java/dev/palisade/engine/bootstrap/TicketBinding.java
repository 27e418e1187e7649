package dev.palisade.engine.bootstrap;

import dev.palisade.engine.state.AttachmentCodec;

import java.util.Base64;

/**
 * What a bootstrap ticket is tied to: the digest of the client's re-auth fingerprint components, and
 * the automation signals seen at bootstrap (comma-separated, empty when none), which the session inherits.
 */
public record TicketBinding(byte[] clientDigest, String automation) {

    /** The digest in base64url, a line break, the signals. */
    public static final AttachmentCodec<TicketBinding> CODEC = new AttachmentCodec<>() {
        @Override
        public String encode(TicketBinding b) {
            return Base64.getUrlEncoder().withoutPadding().encodeToString(b.clientDigest()) + "\n" + b.automation();
        }

        @Override
        public TicketBinding decode(String text) {
            int cut = text.indexOf('\n');
            if (cut < 0) throw new IllegalArgumentException("not a ticket binding");
            return new TicketBinding(Base64.getUrlDecoder().decode(text.substring(0, cut)), text.substring(cut + 1));
        }
    };
}
