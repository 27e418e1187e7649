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
        StringBuilder b = new StringBuilder(1024);
        b.append("<meta name=\"palisade-nonce\" content=\"").append(page.nonce()).append("\">")
                .append("<meta name=\"palisade-work\" content=\"").append(page.challenge().work().toMeta()).append("\">");
        for (ChallengeProgram.Marker m : page.program().markers()) {
            b.append("<meta name=\"").append(m.name()).append("\" content=\"").append(m.content()).append("\">");
        }
        return b.append("<script src=\"").append(CHALLENGE_PATH).append(page.nonce()).append(".js\"></script>").toString();
    }
}
