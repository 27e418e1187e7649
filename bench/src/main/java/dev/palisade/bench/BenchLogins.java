package dev.palisade.bench;

import dev.palisade.engine.Engine;
import dev.palisade.engine.auth.ClientFacts;
import dev.palisade.engine.auth.LoginResult;
import dev.palisade.engine.bootstrap.BootstrapClaim;
import dev.palisade.protocol.ClientKeys;

import java.util.Map;

/**
 * Logs benchmark clients in through the engine as palisade.js would, with a debug token (the
 * benchmarks are assumed to hold browsers' sessions; they measure what comes after the bootstrap).
 */
public final class BenchLogins {

    /** A logged-in client: its token, session and agreed signing key. */
    public record Login(String token, String sessionId, byte[] key) {}

    private final Engine engine;
    private final String debugToken;

    public BenchLogins(Engine engine) {
        this.engine = engine;
        this.debugToken = engine.debugTokens().create("benchmarks", 86_400L).value();
    }

    public Login login(String user, char[] password, ClientFacts client) {
        var page = engine.auth().servePage(client.ip());
        String ticket = engine.auth().bootstrap(new BootstrapClaim(page.nonce(), null, null), Map.of(), debugToken, client)
                .value();
        ClientKeys mine = new ClientKeys();
        LoginResult r = engine.auth().login(user, password, ticket, null, mine.publicKey(), client);
        return new Login(r.token().token(), r.sessionId(), mine.signingKey(r.serverKey()[0], r.serverKey()[1], r.sessionId()));
    }
}
