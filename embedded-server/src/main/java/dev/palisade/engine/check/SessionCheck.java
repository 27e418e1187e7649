package dev.palisade.engine.check;

import dev.palisade.engine.Check;
import dev.palisade.engine.ProtectedRequest;
import dev.palisade.engine.Reason;
import dev.palisade.engine.Verdict;
import dev.palisade.engine.blacklist.Blacklist;
import dev.palisade.engine.session.Session;
import dev.palisade.engine.session.SessionRegistry;
import dev.palisade.engine.session.SessionState;

import java.time.Clock;

/** The token's session is still alive: not revoked, not idle too long, not past its absolute lifetime. */
public final class SessionCheck implements Check {

    static final Verdict REVOKED = Verdict.deny(Reason.SESSION_REVOKED, "session",
            "the session was revoked (logout or operator); log in again");
    private static final Verdict EXPIRED = Verdict.deny(Reason.SESSION_EXPIRED, "session",
            "the session expired (idle or absolute lifetime); log in again");

    private static final Verdict BLACKLISTED = Verdict.deny(Reason.BLACKLISTED, "session",
            "this session is blacklisted");

    private final SessionRegistry sessions;
    private final Blacklist blacklist;
    private final Clock clock;

    public SessionCheck(SessionRegistry sessions, Blacklist blacklist, Clock clock) {
        this.sessions = sessions;
        this.blacklist = blacklist;
        this.clock = clock;
    }

    @Override
    public String name() { return "session"; }

    @Override
    public Verdict evaluate(ProtectedRequest request) {
        Session session = request.session();
        if (session == null) return null;
        boolean listed = session.idPacked() ? blacklist.containsSession(session.idHigh(), session.idLow())
                : blacklist.containsSession(session.id()); // an id the server did not make (no text made for one it did)
        if (listed) return BLACKLISTED;
        SessionState state = session.state(request.now(clock), sessions.policy());
        return switch (state) {
            case ACTIVE -> null;
            case REVOKED -> REVOKED;
            case EXPIRED -> EXPIRED;
        };
    }
}
