package dev.palisade.engine.check;

import dev.palisade.engine.Check;
import dev.palisade.engine.ProtectedRequest;
import dev.palisade.engine.Reason;
import dev.palisade.engine.Verdict;
import dev.palisade.engine.blacklist.Blacklist;

/** Technique 7, first in line: the usual suspects (addresses, agents, known-bad tokens) go no further. */
public final class BlacklistCheck implements Check {

    private static final Verdict TOKEN = Verdict.deny(Reason.BLACKLISTED, "blacklist", "this token is blacklisted");

    private final Blacklist blacklist;

    public BlacklistCheck(Blacklist blacklist) {
        this.blacklist = blacklist;
    }

    @Override
    public String name() { return "blacklist"; }

    @Override
    public Verdict evaluate(ProtectedRequest request) {
        Blacklist.Match match = blacklist.matchClient(request.clientIp(), request.userAgent());
        if (match != null) return Verdict.deny(Reason.BLACKLISTED, name(), match.reason() + " is blacklisted");
        if (request.hasBearer() && blacklist.containsToken(request.bearerDigest())) return TOKEN;
        return null;
    }
}
