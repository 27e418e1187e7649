package dev.palisade.engine.check;

import dev.palisade.engine.admin.Actor;
import dev.palisade.engine.EngineFixture;
import dev.palisade.engine.Reason;
import dev.palisade.engine.Secrets;
import dev.palisade.engine.Verdict;
import dev.palisade.engine.auth.LoginResult;
import dev.palisade.engine.signature.MessageParts;
import dev.palisade.protocol.RequestSigner;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Consumer;

import static org.assertj.core.api.Assertions.assertThat;

/** Techniques 3 and 4 inside the engine, with a fixed clock: every way a signed call can fail. */
class SignedRequestTest {

    @TempDir
    Path dir;
    private EngineFixture f;
    private LoginResult login;
    private byte[] key;

    @BeforeEach
    void start() {
        f = new EngineFixture(dir);
        login = f.login("alice");
        key = f.signingKey(login.sessionId());
    }

    @AfterEach
    void stop() { f.close(); }

    private String bearer() { return "Bearer " + login.token().token(); }

    /** A signed POST with a body, optionally altered after signing. */
    private Verdict post(String nonce, long created, byte[] signedBody, byte[] sentBody, Consumer<Map<String, String>> alter) {
        return post(login, key, nonce, created, signedBody, sentBody, alter);
    }

    private Verdict post(LoginResult as, byte[] asKey, String nonce, long created, byte[] signedBody, byte[] sentBody,
                         Consumer<Map<String, String>> alter) {
        String bearer = "Bearer " + as.token().token();
        RequestSigner.Signed s = RequestSigner.sign("POST", "palisade.test", "/api/notes", "x=1", bearer, signedBody,
                as.sessionId(), asKey, created, nonce);
        Map<String, String> h = new HashMap<>();
        h.put("authorization", bearer);
        h.put("user-agent", EngineFixture.BROWSER.userAgent());
        h.put("signature-input", s.signatureInput());
        h.put("signature", s.signature());
        if (s.contentDigest() != null) h.put("content-digest", s.contentDigest());
        alter.accept(h);
        MessageParts wire = new MessageParts("POST", "palisade.test", "/api/notes", "x=1", h);
        return f.engine.protect(new dev.palisade.engine.ProtectedRequest("POST", "/api/notes", "127.0.0.1",
                EngineFixture.BROWSER.userAgent(), as.token().token(), null, wire, () -> sentBody));
    }

    private long now() { return f.clock.millis() / 1000; }

    private static byte[] body(String s) { return s.getBytes(StandardCharsets.UTF_8); }

    @Test
    void aProperlySignedCallPassesOnceAndIsThenAReplay() {
        assertThat(post("n1", now(), body("{\"title\":\"a\"}"), body("{\"title\":\"a\"}"), h -> {}).allowed()).isTrue();
        Verdict replay = post("n1", now(), body("{\"title\":\"a\"}"), body("{\"title\":\"a\"}"), h -> {});
        assertThat(replay.reason()).isEqualTo(Reason.REPLAYED);
        assertThat(replay.check()).isEqualTo("nonce");
    }

    @Test
    void twoSessionsMayPickTheSameNonceInTheSameSecond() {
        LoginResult bob = f.login("bob");
        byte[] bobKey = f.signingKey(bob.sessionId());
        long created = now();
        assertThat(post("same", created, null, null, h -> {}).allowed()).isTrue();
        Verdict bobs = post(bob, bobKey, "same", created, null, null, h -> {});
        assertThat(bobs.allowed()).as("a nonce is one session's own: %s", bobs.explanation()).isTrue();
        assertThat(post(bob, bobKey, "same", created, null, null, h -> {}).reason()).isEqualTo(Reason.REPLAYED);
    }

    @Test
    void missingOrForeignSignaturesAreRefused() {
        Verdict none = f.call("GET", "/api/notes", login.token().token(), null,
                new MessageParts("GET", "palisade.test", "/api/notes", null, Map.of("authorization", bearer(),
                        "user-agent", EngineFixture.BROWSER.userAgent())));
        assertThat(none.reason()).isEqualTo(Reason.MISSING_SIGNATURE);
        Verdict foreign = post("n2", now(), null, null, h -> h.put("signature-input",
                h.get("signature-input").replace(login.sessionId(), "someone-else")));
        assertThat(foreign.reason()).isEqualTo(Reason.MISSING_SIGNATURE);
    }

    @Test
    void aBodyChangedAfterSigningIsABadDigest() {
        Verdict v = post("n3", now(), body("{\"title\":\"a\"}"), body("{\"title\":\"b\"}"), h -> {});
        assertThat(v.reason()).isEqualTo(Reason.BAD_DIGEST);
    }

    @Test
    void aDigestRecomputedWithoutTheKeyIsABadSignature() {
        byte[] tampered = body("{\"title\":\"b\"}");
        Verdict v = post("n4", now(), body("{\"title\":\"a\"}"), tampered,
                h -> h.put("content-digest", dev.palisade.engine.signature.ContentDigest.header(Secrets.sha256(tampered))));
        assertThat(v.reason()).isEqualTo(Reason.BAD_SIGNATURE);
        assertThat(v.explanation()).contains("HMAC");
    }

    @Test
    void aSignatureCoveringTooLittleIsRefused() {
        Verdict v = post("n5", now(), null, null, h -> {
            String params = "(\"@method\" \"@path\");created=" + now() + ";keyid=\"" + login.sessionId()
                    + "\";alg=\"hmac-sha256\";nonce=\"n5\"";
            h.put("signature-input", "sig1=" + params);
        });
        assertThat(v.reason()).isEqualTo(Reason.BAD_SIGNATURE);
        assertThat(v.explanation()).contains("must cover @authority");
    }

    @Test
    void aWrongKeyOrAlgorithmIsRefused() {
        byte[] other = Secrets.randomBytes(32);
        RequestSigner.Signed s = RequestSigner.sign("GET", "palisade.test", "/api/notes", null, bearer(), null,
                login.sessionId(), other, now(), "n6");
        Verdict wrongKey = f.call("GET", "/api/notes", login.token().token(), null, new MessageParts("GET",
                "palisade.test", "/api/notes", null, Map.of("authorization", bearer(), "signature-input",
                s.signatureInput(), "signature", s.signature(), "user-agent", EngineFixture.BROWSER.userAgent())));
        assertThat(wrongKey.reason()).isEqualTo(Reason.BAD_SIGNATURE);
        Verdict wrongAlg = post("n7", now(), null, null, h -> h.put("signature-input",
                h.get("signature-input").replace("hmac-sha256", "hmac-sha512")));
        assertThat(wrongAlg.reason()).isEqualTo(Reason.BAD_SIGNATURE);
    }

    @Test
    void createdOutsideTheSkewWindowIsStaleEitherWay() {
        f.clock.advance(java.time.Duration.ofMinutes(1)); // so that 31 s ago lies after the engine's start
        assertThat(post("n8", now() - 31, null, null, h -> {}).reason()).isEqualTo(Reason.STALE);
        assertThat(post("n9", now() + 31, null, null, h -> {}).reason()).isEqualTo(Reason.STALE);
        assertThat(post("n10", now() - 30, null, null, h -> {}).allowed()).isTrue();
        f.engine.operator(Actor.OWNER).updateSettings(Map.of("signatureSkewSeconds", 5L));
        Verdict v = post("n11", now() - 6, null, null, h -> {});
        assertThat(v.reason()).isEqualTo(Reason.STALE);
        assertThat(v.explanation()).contains("at most 5 s");
    }

    @Test
    void aReplayAfterTheWindowIsStaleNotAccepted() {
        long created = now();
        assertThat(post("n12", created, null, null, h -> {}).allowed()).isTrue();
        f.clock.advance(Duration.ofSeconds(31));
        assertThat(post("n12", created, null, null, h -> {}).reason()).isEqualTo(Reason.STALE);
    }

    @Test
    void widerSkewLaterDoesNotLetAReplayFromAForgottenSecondThrough() {
        f.clock.advance(Duration.ofMinutes(5)); // so that "created before the server started" plays no part below
        long created = now();
        assertThat(post("n20", created, null, null, h -> {}).allowed()).isTrue();
        f.clock.advance(Duration.ofSeconds(33)); // past the default 30 s window and its 2 s margin
        f.engine.maintain(); // lets that second's nonces go
        assertThat(post("n21", now() - 30, null, null, h -> {}).allowed()).as("the window's oldest second is kept").isTrue();
        f.engine.operator(Actor.OWNER).updateSettings(Map.of("signatureSkewSeconds", 300L));
        Verdict replay = post("n20", created, null, null, h -> {});
        assertThat(replay.allowed()).isFalse();
        assertThat(replay.reason()).isEqualTo(Reason.STALE);
        assertThat(replay.check()).isEqualTo("nonce");
        assertThat(replay.explanation()).contains("no longer holds the used nonces");
        Verdict sameSecond = post("n22", created, null, null, h -> {});
        assertThat(sameSecond.reason()).as("a new nonce of that second is not recorded either").isEqualTo(Reason.STALE);
        assertThat(sameSecond.check()).isEqualTo("nonce");
        assertThat(post("n23", created - 10, null, null, h -> {}).allowed()).as("a second that held no nonce: nothing to replay")
                .isTrue();
    }

    @Test
    void theNonceStoreFailsClosedWhenFull() throws InterruptedException {
        f.engine.operator(Actor.OWNER).updateSettings(Map.of("noncesPerSecondMax", 1_000L, "noncesPerSessionSecondMax", 1_000L));
        f.engine.operator(Actor.OWNER).updateRateWindows(java.util.List.of()); // this test is about nonces, not rates
        long created = now();
        assertThat(post("n1", created, null, null, h -> {}).allowed()).isTrue();
        for (int i = 1; i < 1_000; i++) assertThat(post("bulk" + i, created, null, null, h -> {}).allowed()).isTrue();
        Verdict v = post("one-more", created, null, null, h -> {});
        assertThat(v.reason()).isEqualTo(Reason.NONCE_CAPACITY);
        assertThat(v.reason().status()).isEqualTo(503);
        assertThat(post("n1", created, null, null, h -> {}).reason()).as("live nonces are kept: still a replay")
                .isEqualTo(Reason.REPLAYED);
        post("and-another", created, null, null, h -> {});
        f.engine.events().awaitWritten(5_000);
        assertThat(f.store.queryEvents(new dev.palisade.engine.event.EventQuery(null, null,
                dev.palisade.engine.event.EventType.SYSTEM, "nonce_store_full", null, null, 0, 10)))
                .as("reported once a second, not per request").hasSize(1);
    }

    @Test
    void theServersOwnRefusalsCountNoMarkAgainstTheCallersAddress() {
        // a full second's nonce table or a forgotten second is the server's state, not the caller's doing: an
        // address that met it was auto-blocked for 15 minutes after enough polls, and priced up for its pages
        f.engine.operator(Actor.OWNER).updateSettings(Map.of("noncesPerSecondMax", 1_000L, "noncesPerSessionSecondMax", 1_000L,
                "autoBlockDenials", 3L, "autoBlockWindowSeconds", 60L));
        f.engine.operator(Actor.OWNER).updateRateWindows(java.util.List.of());
        f.clock.advance(Duration.ofMinutes(5));
        long created = now();
        for (int i = 0; i < 1_000; i++) assertThat(post("bulk" + i, created, null, null, h -> {}).allowed()).isTrue();
        for (int i = 0; i < 5; i++) {
            assertThat(post("full" + i, created, null, null, h -> {}).reason()).isEqualTo(Reason.NONCE_CAPACITY);
        }
        f.clock.advance(Duration.ofSeconds(33));
        f.engine.maintain(); // lets that second's nonces go
        f.engine.operator(Actor.OWNER).updateSettings(Map.of("signatureSkewSeconds", 300L));
        for (int i = 0; i < 5; i++) {
            Verdict forgotten = post("late" + i, created, null, null, h -> {});
            assertThat(forgotten.reason()).isEqualTo(Reason.STALE);
            assertThat(forgotten.check()).isEqualTo("nonce");
        }
        assertThat(post("after", now(), null, null, h -> {}).allowed()).as("not auto-blocked").isTrue();
        // the caller's own refusals still count: a stale signature of its own making is one
        for (int i = 0; i < 3; i++) assertThat(post("old" + i, now() - 400, null, null, h -> {}).reason()).isEqualTo(Reason.STALE);
        assertThat(post("blocked", now(), null, null, h -> {}).reason()).isEqualTo(Reason.BLACKLISTED);
    }

    @Test
    void oneSessionCannotFillASecondForEveryone() {
        f.engine.operator(Actor.OWNER).updateSettings(Map.of("noncesPerSessionSecondMax", 10L));
        f.engine.operator(Actor.OWNER).updateRateWindows(java.util.List.of());
        long created = now();
        for (int i = 0; i < 10; i++) assertThat(post("mine" + i, created, null, null, h -> {}).allowed()).isTrue();
        Verdict over = post("mine-10", created, null, null, h -> {});
        assertThat(over.reason()).isEqualTo(Reason.RATE_LIMITED);
        assertThat(over.check()).isEqualTo("nonce");
        assertThat(over.retryAfterSeconds()).isEqualTo(1);
        var bob = f.login("bob");
        assertThat(f.call("GET", "/api/notes", bob.token().token(), null).allowed()).as("another session still signs")
                .isTrue();
    }

    /**
     * A refused call is not made, so its client signs the call again with a new nonce. The refused
     * request itself must stay spent: sent later by whoever captured it, it would be made as well.
     */
    @Test
    void aCallRefusedAfterTheNonceCheckStillSpendsItsNonce() {
        f.engine.operator(Actor.OWNER).updateRateWindows(java.util.List.of(new dev.palisade.engine.rate.RateWindow(
                dev.palisade.engine.rate.Scope.SESSION, 1, 1, null)));
        long created = now();
        assertThat(post("first", created, null, null, h -> {}).allowed()).isTrue();
        assertThat(post("second", created, null, null, h -> {}).reason()).isEqualTo(Reason.RATE_LIMITED);
        f.clock.advance(Duration.ofSeconds(2));
        assertThat(post("second-again", now(), null, null, h -> {}).allowed()).as("the client's retry, signed anew").isTrue();
        f.clock.advance(Duration.ofSeconds(2));
        Verdict replay = post("second", created, null, null, h -> {});
        assertThat(replay.reason()).as("the refused request sent again").isEqualTo(Reason.REPLAYED);
        assertThat(replay.check()).isEqualTo("nonce");
    }

    @Test
    void apiKeyCallersDoNotSign() {
        var key = f.engine.operator(Actor.OWNER).createApiKey("ci", java.util.List.of("/api/"));
        assertThat(f.call("GET", "/api/notes", null, key.secret()).allowed()).isTrue();
    }
}
