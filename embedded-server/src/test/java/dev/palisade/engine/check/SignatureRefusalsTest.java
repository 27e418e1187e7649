package dev.palisade.engine.check;

import dev.palisade.engine.EngineFixture;
import dev.palisade.engine.Reason;
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
import java.util.HashMap;
import java.util.Map;
import java.util.function.UnaryOperator;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every refusal of the freshness and signature checks, each sent as the smallest change to a call
 * that is allowed, and each told apart by its explanation, so no denial can turn into an allow
 * unnoticed (TESTING.md: these were the denials no test reached).
 */
class SignatureRefusalsTest {

    private static final byte[] BODY = "{\"title\":\"a\"}".getBytes(StandardCharsets.UTF_8);

    @TempDir
    Path dir;
    private EngineFixture f;
    private LoginResult login;
    private byte[] key;
    private int nonces;

    @BeforeEach
    void start() {
        f = new EngineFixture(dir);
        login = f.login("alice");
        key = f.signingKey(login.sessionId());
    }

    @AfterEach
    void stop() { f.close(); }

    /** A signed POST /api/notes?x=1 with a body; {@code alter} changes the headers after signing. */
    private Verdict call(String nonce, UnaryOperator<Map<String, String>> alter) {
        String bearer = "Bearer " + login.token().token();
        RequestSigner.Signed s = RequestSigner.sign("POST", "palisade.test", "/api/notes", "x=1", bearer, BODY,
                login.sessionId(), key, f.clock.millis() / 1000, nonce);
        Map<String, String> h = new HashMap<>();
        h.put("authorization", bearer);
        h.put("user-agent", EngineFixture.BROWSER.userAgent());
        h.put("signature-input", s.signatureInput());
        h.put("signature", s.signature());
        h.put("content-digest", s.contentDigest());
        h = alter.apply(h);
        MessageParts wire = new MessageParts("POST", "palisade.test", "/api/notes", "x=1", h);
        return f.engine.protect(new dev.palisade.engine.ProtectedRequest("POST", "/api/notes", "127.0.0.1",
                EngineFixture.BROWSER.userAgent(), login.token().token(), null, wire, () -> BODY));
    }

    private Verdict change(UnaryOperator<Map<String, String>> alter) {
        return call("n" + (++nonces), alter);
    }

    private static UnaryOperator<Map<String, String>> input(UnaryOperator<String> edit) {
        return h -> {
            h.put("signature-input", edit.apply(h.get("signature-input")));
            return h;
        };
    }

    private static void assertRefused(Verdict v, Reason reason, String because) {
        assertThat(v.allowed()).as(v.explanation()).isFalse();
        assertThat(v.reason()).as(v.explanation()).isEqualTo(reason);
        assertThat(v.explanation()).contains(because);
    }

    @Test
    void theUnchangedCallIsAllowed() {
        assertThat(change(h -> h).allowed()).isTrue();
    }

    @Test
    void aQueryTheSignatureDoesNotCoverIsRefused() {
        assertRefused(change(input(i -> i.replace(" \"@query\"", ""))), Reason.BAD_SIGNATURE, "must cover @query");
    }

    @Test
    void aBodyTheSignatureDoesNotCoverIsRefused() {
        assertRefused(change(input(i -> i.replace(" \"content-digest\"", ""))), Reason.BAD_SIGNATURE,
                "must cover content-digest");
    }

    @Test
    void aComponentTheRequestLacksIsRefused() {
        assertRefused(change(input(i -> i.replace("\"authorization\"", "\"authorization\" \"x-not-sent\""))),
                Reason.BAD_SIGNATURE, "a component the request lacks");
    }

    @Test
    void aMalformedSignatureOrOneForAnotherLabelIsRefused() {
        assertRefused(change(h -> {
            h.put("signature", "sig1=:not base64!:");
            return h;
        }), Reason.BAD_SIGNATURE, "Signature is malformed");
        assertRefused(change(h -> {
            h.put("signature", h.get("signature").replaceFirst("^sig1=", "sig2="));
            return h;
        }), Reason.MISSING_SIGNATURE, "no member sig1");
    }

    @Test
    void aMalformedSignatureInputIsRefused() {
        assertRefused(change(input(i -> i.replace("(", "[") )), Reason.BAD_SIGNATURE, "Signature-Input is malformed");
    }

    /* A negative expires read as absent (-1): a signature that expired before 1970 was not stale. */
    @Test
    void aNegativeCreatedOrExpiresIsMalformed() {
        assertRefused(change(input(i -> i + ";expires=-1")), Reason.BAD_SIGNATURE, "expires must be 0 or more");
        assertRefused(change(input(i -> i.replaceAll(";created=\\d+", ";created=-1"))), Reason.BAD_SIGNATURE,
                "created must be 0 or more");
    }

    @Test
    void theNonceIsRequiredAndAtMost128Characters() {
        assertRefused(change(input(i -> i.replaceAll(";nonce=\"[^\"]*\"", ""))), Reason.BAD_SIGNATURE, "needs a nonce");
        assertRefused(change(input(i -> i.replaceAll(";nonce=\"[^\"]*\"", ";nonce=\"\""))), Reason.BAD_SIGNATURE,
                "needs a nonce");
        assertRefused(call("n".repeat(129), h -> h), Reason.BAD_SIGNATURE, "needs a nonce");
        assertThat(call("m".repeat(128), h -> h).allowed()).as("128 characters is the most, and allowed").isTrue();
    }

    @Test
    void aSignatureExpiresAtTheSecondItNamesNotAfter() {
        long now = f.clock.millis() / 1000; // the fixed clock stands on a whole second
        assertThat(f.clock.millis() % 1000).isZero();
        String bearer = "Bearer " + login.token().token();
        for (long expires : new long[] {now, now + 1}) {
            RequestSigner.Signed s = RequestSigner.sign("GET", "palisade.test", "/api/notes", null, bearer, null,
                    login.sessionId(), key, now, expires, "exp-" + expires);
            Map<String, String> h = new HashMap<>(Map.of("authorization", bearer, "user-agent",
                    EngineFixture.BROWSER.userAgent(), "signature-input", s.signatureInput(), "signature", s.signature()));
            Verdict v = f.engine.protect(new dev.palisade.engine.ProtectedRequest("GET", "/api/notes", "127.0.0.1",
                    EngineFixture.BROWSER.userAgent(), login.token().token(), null,
                    new MessageParts("GET", "palisade.test", "/api/notes", null, h), null));
            if (expires == now) assertRefused(v, Reason.STALE, "expired");
            else assertThat(v.allowed()).as(v.explanation()).isTrue();
        }
    }

    /** A signed GET with the given created (and expires, or -1 for none), as palisade.js would send it. */
    private Verdict signedAt(long created, long expires, String nonce) {
        String bearer = "Bearer " + login.token().token();
        RequestSigner.Signed s = expires < 0
                ? RequestSigner.sign("GET", "palisade.test", "/api/notes", null, bearer, null, login.sessionId(), key, created, nonce)
                : RequestSigner.sign("GET", "palisade.test", "/api/notes", null, bearer, null, login.sessionId(), key, created,
                        expires, nonce);
        Map<String, String> h = new HashMap<>(Map.of("authorization", bearer, "user-agent",
                EngineFixture.BROWSER.userAgent(), "signature-input", s.signatureInput(), "signature", s.signature()));
        return f.engine.protect(new dev.palisade.engine.ProtectedRequest("GET", "/api/notes", "127.0.0.1",
                EngineFixture.BROWSER.userAgent(), login.token().token(), null,
                new MessageParts("GET", "palisade.test", "/api/notes", null, h), null));
    }

    @Test
    void aStaleSignatureSaysHowFarOffItIsAndWhichWay() {
        long skew = f.engine.settings().signatureSkew().toSeconds();
        f.clock.advance(java.time.Duration.ofSeconds(2 * skew)); // so "skew old" is still after the server started
        long now = f.clock.millis() / 1000;
        assertThat(signedAt(now - skew, -1, "edge-old").allowed()).isTrue();
        assertThat(signedAt(now + skew, -1, "edge-new").allowed()).isTrue();
        assertThat(signedAt(now - skew - 1, -1, "old").explanation())
                .isEqualTo("created is " + (skew + 1) + " s old; at most " + skew + " s is allowed (check the client's clock)");
        assertThat(signedAt(now + skew + 1, -1, "new").explanation())
                .isEqualTo("created is " + (skew + 1) + " s in the future; at most " + skew + " s is allowed (check the client's clock)");
        assertThat(signedAt(now, now - 5, "expired").explanation())
                .isEqualTo("the signature expired 5 s ago (its expires parameter)");
        assertThat(signedAt(now, 0, "expires-zero").reason()).as("expires=0 is a time too, long past").isEqualTo(Reason.STALE);
        Verdict epoch = signedAt(0, -1, "epoch");
        assertThat(epoch.reason()).isEqualTo(Reason.STALE);
        assertThat(epoch.explanation()).as("created=0 is a time, long before this server started")
                .startsWith("the signature was created before this server started");
    }

    /*
     * L1, replay: a call signed by a clock running ahead was refused as from the future before its
     * nonce was looked at, so whoever captured it could send it again once the server's clock had
     * caught up, and have it made after the one its client signed again.
     */
    @Test
    void aCallRefusedAsFromTheFutureCannotBeSentAgainWhenItsTimeComes() {
        long skew = f.engine.settings().signatureSkew().toSeconds();
        long now = f.clock.millis() / 1000;
        Verdict early = signedAt(now + skew + 40, -1, "ahead");
        assertThat(early.reason()).isEqualTo(Reason.STALE);
        assertThat(early.explanation()).contains((skew + 40) + " s in the future");
        assertThat(signedAt(now + skew + 40, -1, "ahead").reason()).as("sent again at once").isEqualTo(Reason.REPLAYED);
        assertThat(signedAt(now + skew + FreshnessCheck.SPENT_BEYOND_SECONDS, -1, "edge").reason())
                .as("a minute beyond the window: refused").isEqualTo(Reason.STALE);
        f.clock.advance(java.time.Duration.ofSeconds(41));
        assertThat(signedAt(now + skew + 40, -1, "ahead").reason()).as("the same request, sent once its time has come")
                .isEqualTo(Reason.REPLAYED);
        assertThat(signedAt(now + skew + 40, -1, "ahead-too").allowed()).as("another nonce of that time").isTrue();
        f.clock.advance(java.time.Duration.ofSeconds(FreshnessCheck.SPENT_BEYOND_SECONDS - 41));
        assertThat(signedAt(now + skew + FreshnessCheck.SPENT_BEYOND_SECONDS, -1, "edge").reason())
                .as("and spent: a minute beyond the window is still a clock a minute fast").isEqualTo(Reason.REPLAYED);
        // further ahead than a clock a minute fast: refused at once, its nonce not spent, so no one fills
        // the nonce store ahead of time (protocol.md)
        long at = f.clock.millis() / 1000;
        long far = at + skew + FreshnessCheck.SPENT_BEYOND_SECONDS + 1;
        assertThat(signedAt(far, -1, "far").reason()).isEqualTo(Reason.STALE);
        f.clock.advance(java.time.Duration.ofSeconds(far - skew - at));
        assertThat(signedAt(far, -1, "far").allowed()).as("nothing was spent for it").isTrue();
    }

    @Test
    void aForgedCallFromTheFutureSpendsNoNonce() {
        long skew = f.engine.settings().signatureSkew().toSeconds();
        long now = f.clock.millis() / 1000;
        byte[] real = key;
        key = new byte[32];
        assertThat(signedAt(now + skew + 40, -1, "forged").reason()).as("refused for its signature first")
                .isEqualTo(Reason.BAD_SIGNATURE);
        key = real;
        f.clock.advance(java.time.Duration.ofSeconds(41));
        assertThat(signedAt(now + skew + 40, -1, "forged").allowed()).as("its nonce was never spent").isTrue();
    }

    @Test
    void theSignatureMustDeclareHmacSha256() {
        assertRefused(change(input(i -> i.replace(";alg=\"hmac-sha256\"", ";alg=\"hmac-sha512\""))), Reason.BAD_SIGNATURE,
                "must declare alg");
        assertRefused(change(input(i -> i.replace(";alg=\"hmac-sha256\"", ""))), Reason.BAD_SIGNATURE, "must declare alg");
        assertThat(change(h -> h).allowed()).as("the same call with its alg").isTrue();
    }

    @Test
    void createdIsRequired() {
        assertRefused(change(input(i -> i.replaceAll(";created=\\d+", ""))), Reason.BAD_SIGNATURE, "needs a created");
    }

    @Test
    void aSessionWithoutASigningKeyIsAskedToLogInAgain() throws Exception {
        var session = f.engine.sessions().get(login.sessionId());
        java.lang.reflect.Field k = session.getClass().getDeclaredField("otherKey"); // a key not held as four longs
        k.setAccessible(true);
        k.set(session, new byte[0]); // as a session stored before keys existed comes back
        assertRefused(change(h -> h), Reason.REAUTH_REQUIRED, "no signing key");
    }
}
