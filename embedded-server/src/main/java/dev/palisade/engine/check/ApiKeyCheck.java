package dev.palisade.engine.check;

import dev.palisade.engine.Check;
import dev.palisade.engine.ProtectedRequest;
import dev.palisade.engine.Reason;
import dev.palisade.engine.Verdict;
import dev.palisade.engine.auth.ApiKey;
import dev.palisade.engine.auth.ApiKeyRing;

import java.time.Clock;

/** Technique 2: an API key, when it is the credential, is live and its scopes cover the path. */
public final class ApiKeyCheck implements Check {

    private static final Verdict INVALID = Verdict.deny(Reason.INVALID_API_KEY, "api_key",
            "the API key is unknown, malformed or revoked");

    private final ApiKeyRing keys;
    private final Clock clock;

    public ApiKeyCheck(ApiKeyRing keys, Clock clock) {
        this.keys = keys;
        this.clock = clock;
    }

    @Override
    public String name() { return "api_key"; }

    @Override
    public Verdict evaluate(ProtectedRequest request) {
        if (request.hasBearer() || request.apiKey() == null) return null;
        ApiKey key = keys.authenticate(request.apiKey(), request.now(clock));
        if (key == null) return INVALID;
        if (!key.permits(request.path())) {
            return Verdict.deny(Reason.FORBIDDEN_SCOPE, name(),
                    "API key '" + key.name() + "' may call " + key.scopes() + ", not " + request.path());
        }
        request.attach(key);
        return null;
    }
}
