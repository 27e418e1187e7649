package dev.palisade.engine.check;

import dev.palisade.engine.Check;
import dev.palisade.engine.ProtectedRequest;
import dev.palisade.engine.Reason;
import dev.palisade.engine.Verdict;
import dev.palisade.engine.session.Session;
import dev.palisade.engine.session.SessionOrigin;

/**
 * Technique 6: a browser session must have begun with a redeemed page nonce. Login already insists
 * on it; this check keeps the rule true for every call, whatever created the session.
 */
public final class BootstrapCheck implements Check {

    private static final Verdict NOT_PROVEN = Verdict.deny(Reason.NO_BOOTSTRAP, "bootstrap",
            "the session did not begin with a client bootstrap: load the client page and log in from it");

    @Override
    public String name() { return "bootstrap"; }

    @Override
    public Verdict evaluate(ProtectedRequest request) {
        Session session = request.session();
        if (session == null || session.origin() == SessionOrigin.API_KEY) return null;
        return session.bootstrapAt() > 0 ? null : NOT_PROVEN;
    }
}
