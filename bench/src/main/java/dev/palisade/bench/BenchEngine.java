package dev.palisade.bench;

import dev.palisade.engine.admin.Actor;
import dev.palisade.engine.Check;
import dev.palisade.engine.Engine;
import dev.palisade.engine.EngineOptions;
import dev.palisade.engine.Pipeline;
import dev.palisade.engine.auth.ClientFacts;
import dev.palisade.engine.auth.LoginResult;
import dev.palisade.engine.blacklist.BlacklistEntry;
import dev.palisade.engine.blacklist.EntryKind;
import dev.palisade.protocol.RequestSigner;
import dev.palisade.http.JettyAddressSets;
import dev.palisade.store.sqlite.SqliteStore;

import java.io.IOException;
import java.lang.reflect.Field;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A real engine on a real SQLite file, set up as a busy deployment: the default settings, rate
 * windows and sequence rules, a blacklist of 10 000 CIDR ranges, and {@value #SESSIONS} logged-in
 * sessions, each from its own address. Calls are spread over the sessions and 1 ms apart in the
 * engine's time, so every one is valid and allowed under the default limits.
 */
final class BenchEngine implements AutoCloseable {

    static final int SESSIONS = 256;
    static final int CIDR_ENTRIES = 10_000;
    static final String AUTHORITY = "palisade.bench";
    static final String USER_AGENT = "Mozilla/5.0 (X11; Linux x86_64; rv:140.0) Gecko/20100101 Firefox/140.0";
    private static final char[] PASSWORD = "bench password".toCharArray();

    final Path dir;
    final SteppedClock clock;
    final SqliteStore store;
    final Engine engine;
    private final List<Login> logins = new ArrayList<>();
    private long next;
    private long nonce;

    private record Login(String ip, String token, String sessionId, byte[] key) {}

    BenchEngine() throws IOException {
        dir = Files.createTempDirectory("palisade-bench");
        clock = new SteppedClock(System.currentTimeMillis());
        store = SqliteStore.open(dir);
        engine = new Engine(store, clock, EngineOptions.defaults().withPasswordIterations(1_000), new JettyAddressSets(),
                new dev.palisade.metrics.PalisadeMetrics()); // the server's meter: every decision counted, as in production
        List<BlacklistEntry> ranges = new ArrayList<>();
        for (int i = 0; i < CIDR_ENTRIES; i++) {
            // 172.16.0.0/12 and beyond, none covering the sessions' 10.x addresses
            ranges.add(new BlacklistEntry(null, EntryKind.IP, (172 + i / 4096) + "." + (i / 16 % 256) + "." + (i % 16 * 16) + ".0/28",
                    "bench", "bench", clock.millis(), 0));
        }
        engine.operator(Actor.OWNER).blacklist(ranges);
        BenchLogins logIn = new BenchLogins(engine);
        for (int i = 0; i < SESSIONS; i++) {
            engine.operator(Actor.OWNER).createUser("bench" + i, PASSWORD.clone()); // one user each: at most 10 sessions per user
            String ip = "10.1." + (i / 250) + "." + (i % 250 + 1);
            ClientFacts facts = ClientFacts.of(ip, USER_AGENT);
            BenchLogins.Login r = logIn.login("bench" + i, PASSWORD.clone(), facts);
            logins.add(new Login(ip, r.token(), r.sessionId(), r.key()));
        }
        next = clock.millis() + 1_000;
    }

    /** The next allowed call: the next session in turn, 1 ms after the previous call, fresh nonce. */
    SignedCall nextCall() {
        Login l = logins.get((int) (nonce % SESSIONS));
        long at = next++;
        String authorization = "Bearer " + l.token();
        RequestSigner.Signed s = RequestSigner.sign("GET", AUTHORITY, "/api/notes", null, authorization, null,
                l.sessionId(), l.key(), at / 1000, "bench-" + (nonce++));
        Map<String, String> headers = new HashMap<>(8);
        headers.put("user-agent", USER_AGENT);
        headers.put("authorization", authorization);
        headers.put("signature-input", s.signatureInput());
        headers.put("signature", s.signature());
        return new SignedCall(at, l.ip(), USER_AGENT, "GET", AUTHORITY, "/api/notes", headers);
    }

    SignedCall[] nextCalls(int n) {
        SignedCall[] calls = new SignedCall[n];
        for (int i = 0; i < n; i++) calls[i] = nextCall();
        return calls;
    }

    /** The engine's pipeline and its checks, as the request path runs them. */
    Pipeline pipeline() {
        return (Pipeline) field(engine, "pipeline");
    }

    Check[] checks() {
        return (Check[]) field(pipeline(), "checks");
    }

    private static Object field(Object owner, String name) {
        try {
            Field f = owner.getClass().getDeclaredField(name);
            f.setAccessible(true);
            return f.get(owner);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() throws IOException {
        engine.close();
        store.close();
        ScratchDirectory.delete(dir);
    }
}
