package dev.palisade.engine.check;

import dev.palisade.engine.Check;
import dev.palisade.engine.ProtectedRequest;
import dev.palisade.engine.Reason;
import dev.palisade.engine.Verdict;

/** Technique 1/2 gate: the call must carry a bearer token or an API key at all. */
public final class CredentialCheck implements Check {

    private static final Verdict MISSING = Verdict.deny(Reason.MISSING_CREDENTIALS, "credentials",
            "no credentials: send Authorization: Bearer <token> from POST /auth/login, or an X-Api-Key header");

    @Override
    public String name() { return "credentials"; }

    @Override
    public Verdict evaluate(ProtectedRequest request) {
        return !request.hasBearer() && request.apiKey() == null ? MISSING : null;
    }
}
