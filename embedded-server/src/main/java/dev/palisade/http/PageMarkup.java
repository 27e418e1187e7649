package dev.palisade.http;

import dev.palisade.engine.bootstrap.ChallengeProgram;
import dev.palisade.engine.bootstrap.ServedPage;

/**
 * What Palisade puts into the head of every client page it serves (its own and, in reverse-proxy
 * mode, the upstream's): the page nonce, the proof of work, the page challenge's values and the
 * script of its program (docs/protocol.md, "Client bootstrap and login"). Nothing inline, so the
 * page's Content-Security-Policy stays free of inline script.
 */
public final class PageMarkup {

    public static final String CHALLENGE_PATH = "/assets/challenge/";

    private PageMarkup() {}

    public static String head(ServedPage page) {
        return head(page, null);
    }

    /**
     * @param scriptNonce the nonce of the page's Content-Security-Policy that Palisade's script tags
     *                    carry (a CSP base64-value, safe in an attribute as it is), or null
     */
    public static String head(ServedPage page, String scriptNonce) {
        StringBuilder b = new StringBuilder(1024);
        b.append("<meta name=\"palisade-nonce\" content=\"").append(page.nonce()).append("\">")
                .append("<meta name=\"palisade-work\" content=\"").append(page.challenge().work().toMeta()).append("\">");
        for (ChallengeProgram.Marker m : page.program().markers()) {
            b.append("<meta name=\"").append(m.name()).append("\" content=\"").append(m.content()).append("\">");
        }
        return b.append(scriptTag(scriptNonce)).append(CHALLENGE_PATH).append(page.nonce()).append(".js\"></script>").toString();
    }

    /** The start of a script tag, up to its {@code src} value's first character. */
    public static String scriptTag(String scriptNonce) {
        return scriptNonce == null ? "<script src=\"" : "<script nonce=\"" + scriptNonce + "\" src=\"";
    }
}
