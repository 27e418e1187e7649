package dev.palisade.bench;

import dev.palisade.engine.admin.Actor;
import dev.palisade.engine.Engine;
import dev.palisade.engine.auth.ClientFacts;
import dev.palisade.engine.auth.LoginResult;
import dev.palisade.engine.bootstrap.BootstrapClaim;
import dev.palisade.protocol.ClientKeys;

import dev.palisade.engine.rate.RateWindow;
import dev.palisade.engine.rate.Scope;

import java.util.ArrayList;
import java.util.List;
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
        this.debugToken = engine.debugTokens().create("benchmarks", 86_400L, Actor.OWNER).value();
    }

    /**
     * {@code count} sessions of user "bench" from 127.0.0.1, on an engine made ready for load: the
     * limits meant for people (rate windows, the nonce store's per-session share of a second) are
     * raised so that a harness measures the checks, which all still run, and not refusals.
     */
    static List<Login> forLoad(Engine engine, int count, String userAgent) {
        engine.operator(Actor.OWNER).updateRateWindows(List.of(
                new RateWindow(Scope.SESSION, 1_000_000, 1, null),
                new RateWindow(Scope.IP, 1_000_000, 1, null),
                new RateWindow(Scope.API_KEY, 1_000_000, 1, null)));
        engine.operator(Actor.OWNER).updateSettings(Map.of("noncesPerSessionSecondMax", 1_000_000L));
        engine.operator(Actor.OWNER).createUser("bench", "bench password".toCharArray());
        BenchLogins logIn = new BenchLogins(engine);
        List<Login> logins = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            logins.add(logIn.login("bench", "bench password".toCharArray(), ClientFacts.of("127.0.0.1", userAgent)));
        }
        return logins;
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
