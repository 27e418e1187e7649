package dev.palisade.engine.session;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.palisade.engine.Denial;
import dev.palisade.engine.MutableClock;
import dev.palisade.engine.Reason;
import dev.palisade.engine.store.KeyRingStore;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.function.Consumer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Access tokens against the attacks RFC 8725 lists, with a fixed clock. */
class TokenServiceTest {

    private static final long LEEWAY = 30_000;
    private static final long GRACE = Duration.ofHours(1).toMillis();

    private final MutableClock clock = MutableClock.at2026();
    private final KeyRingStore memory = new KeyRingStore() {
        private final List<SigningKey> keys = new ArrayList<>();
        @Override public List<SigningKey> loadSigningKeys(String ring) { return List.copyOf(keys); }
        @Override public void saveSigningKeys(String ring, List<SigningKey> saved) {
            for (SigningKey key : saved) {
                keys.removeIf(k -> k.kid().equals(key.kid()));
                keys.add(key);
            }
        }
        @Override public boolean saveRotation(String ring, List<SigningKey> saved) { // one writer: never another's rotation
            saveSigningKeys(ring, saved);
            return true;
        }
    };
    private KeyRing ring;
    private TokenService tokens;

    @BeforeEach
    void setUp() {
        ring = new KeyRing(memory, KeyRing.JWT, () -> GRACE, clock.millis(), false);
        tokens = new TokenService(ring, "palisade", "palisade-api", () -> LEEWAY);
    }

    private String issue() {
        return tokens.issue("alice", "sid-1", clock.millis(), clock.millis() + 900_000).token();
    }

    @Test
    void issuedTokenVerifiesWithItsClaims() {
        TokenClaims claims = tokens.verify(issue(), clock.millis());
        assertThat(claims.subject()).isEqualTo("alice");
        assertThat(claims.sessionId()).isEqualTo("sid-1");
        assertThat(claims.kid()).isEqualTo(ring.current().kid());
        assertThat(claims.expiresAt() - claims.issuedAt()).isEqualTo(900_000);
    }

    @Test
    void refusesAlgNone() {
        String[] parts = issue().split("\\.");
        String header = b64("{\"alg\":\"none\",\"typ\":\"at+jwt\",\"kid\":\"" + ring.current().kid() + "\"}");
        assertInvalid(header + "." + parts[1] + ".");
        assertInvalid(header + "." + parts[1] + "." + parts[2]);
    }

    @Test
    void refusesOtherAlgorithmsEvenWithTheRightKey() throws Exception {
        // HS512 with the same secret: a valid MAC, but not the one algorithm allowed
        String token = sign(JWSAlgorithm.HS512, ring.current(), h -> {}, c -> {});
        assertRejected(token, Reason.INVALID_TOKEN, "HS512");
    }

    @Test
    void refusesUnknownAndMissingKid() throws Exception {
        SigningKey stranger = new SigningKey("nobody", ring.current().secret(), 0, 0);
        assertRejected(sign(JWSAlgorithm.HS256, stranger, h -> {}, c -> {}), Reason.INVALID_TOKEN, "key id");
    }

    @Test
    void refusesACriticalHeaderParameterItDoesNotUnderstand() throws Exception {
        String critical = sign(JWSAlgorithm.HS256, ring.current(), h -> h.customParam("x-bind", "device-7")
                .criticalParams(java.util.Set.of("x-bind")), c -> { });
        assertRejected(critical, Reason.INVALID_TOKEN, "critical");
        String plain = sign(JWSAlgorithm.HS256, ring.current(), h -> h.customParam("x-bind", "device-7"), c -> { });
        assertThat(tokens.verify(plain, clock.millis()).subject()).as("the same header without crit").isEqualTo("alice");
    }

    @Test
    void refusesTamperedPayload() {
        String[] parts = issue().split("\\.");
        String payload = new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8)
                .replace("\"alice\"", "\"admin\"");
        assertRejected(parts[0] + "." + b64(payload) + "." + parts[2], Reason.INVALID_TOKEN, "signature");
    }

    @Test
    void refusesAGuessedKey() throws Exception {
        SigningKey guess = new SigningKey(ring.current().kid(), "0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.US_ASCII), 0, 0);
        assertRejected(sign(JWSAlgorithm.HS256, guess, h -> {}, c -> {}), Reason.INVALID_TOKEN, "signature");
    }

    @Test
    void refusesWrongIssuerAudienceAndTypes() throws Exception {
        SigningKey key = ring.current();
        assertRejected(sign(JWSAlgorithm.HS256, key, h -> {}, c -> c.issuer("evil")), Reason.INVALID_TOKEN, "issuer");
        assertRejected(sign(JWSAlgorithm.HS256, key, h -> {}, c -> c.audience(List.of("palisade-api", "other"))),
                Reason.INVALID_TOKEN, "audience");
        assertRejected(sign(JWSAlgorithm.HS256, key, h -> {}, c -> c.audience("other")), Reason.INVALID_TOKEN, "audience");
        assertRejected(sign(JWSAlgorithm.HS256, key, h -> {}, c -> c.claim("typ", "refresh")), Reason.INVALID_TOKEN,
                "access token");
        assertRejected(sign(JWSAlgorithm.HS256, key, h -> h.type(JOSEObjectType.JWT), c -> {}), Reason.INVALID_TOKEN,
                "typ");
        assertRejected(sign(JWSAlgorithm.HS256, key, h -> {}, c -> c.claim("sid", null)), Reason.INVALID_TOKEN,
                "session id");
    }

    @Test
    void expiresAfterExpPlusLeewayNotBefore() {
        String token = issue();
        clock.advance(Duration.ofMillis(900_000 + LEEWAY - 1));
        assertThat(tokens.verify(token, clock.millis()).subject()).isEqualTo("alice");
        clock.advance(Duration.ofMillis(1));
        assertRejected(token, Reason.EXPIRED_TOKEN, "expired");
    }

    @Test
    void refusesTokensNotYetValid() throws Exception {
        long future = clock.millis() + LEEWAY + 60_000;
        String token = sign(JWSAlgorithm.HS256, ring.current(), h -> {},
                c -> c.notBeforeTime(new Date(future)).issueTime(new Date(future)));
        assertRejected(token, Reason.INVALID_TOKEN, "not valid yet");
    }

    @Test
    void notBeforeAndIssuedAtMayLieUpToTheLeewayAheadEachOnItsOwn() throws Exception {
        long now = clock.millis();
        assertThat(now % 1000).as("JWT times are whole seconds").isZero();
        Date edge = new Date(now + LEEWAY);
        Date past = new Date(now + LEEWAY + 1_000);
        assertThat(tokens.verify(sign(JWSAlgorithm.HS256, ring.current(), h -> {}, c -> c.notBeforeTime(edge).issueTime(edge)), now)
                .subject()).isEqualTo("alice");
        assertRejected(sign(JWSAlgorithm.HS256, ring.current(), h -> {}, c -> c.notBeforeTime(past)), Reason.INVALID_TOKEN,
                "not valid yet");
        assertRejected(sign(JWSAlgorithm.HS256, ring.current(), h -> {}, c -> c.notBeforeTime(null).issueTime(past)),
                Reason.INVALID_TOKEN, "not valid yet");
        assertThat(tokens.verify(sign(JWSAlgorithm.HS256, ring.current(), h -> {}, c -> c.notBeforeTime(null)), now).subject())
                .as("nbf is optional").isEqualTo("alice");
    }

    @Test
    void anIssuedTokenIsValidFromItsIssueSecondWithTheConfiguredLeeway() throws Exception {
        long now = clock.millis();
        var claims = com.nimbusds.jwt.SignedJWT.parse(issue()).getJWTClaimsSet();
        assertThat(claims.getIssueTime().getTime()).isEqualTo(now);
        assertThat(claims.getNotBeforeTime()).isEqualTo(claims.getIssueTime());
        assertThat(claims.getExpirationTime().getTime()).isEqualTo(now + 900_000);
        assertThat(tokens.leewayMillis()).isEqualTo(LEEWAY);
    }

    @Test
    void rotationKeepsThePreviousKeyValidForTheGracePeriodOnly() {
        String old = tokens.issue("alice", "sid-1", clock.millis(), clock.millis() + 2 * GRACE).token();
        String oldKid = ring.current().kid();
        ring.rotate(clock.millis());
        assertThat(ring.current().kid()).isNotEqualTo(oldKid);
        assertThat(tokens.verify(issue(), clock.millis()).kid()).isEqualTo(ring.current().kid());

        clock.advance(Duration.ofMillis(GRACE - 1));
        assertThat(tokens.verify(old, clock.millis()).kid()).isEqualTo(oldKid);
        clock.advance(Duration.ofMillis(1));
        assertRejected(old, Reason.INVALID_TOKEN, "key id");
    }

    @Test
    void keyRingIsPersistedAndReloaded() {
        ring.rotate(clock.millis());
        KeyRing reloaded = new KeyRing(memory, KeyRing.JWT, () -> GRACE, clock.millis(), false);
        assertThat(reloaded.keys()).containsExactlyElementsOf(ring.keys());
        assertThat(reloaded.current()).isEqualTo(ring.current());
    }

    @Test
    void refusesGarbage() {
        // bnVsbA is the header `null`: the JWT library threw a NullPointerException for it (audit 49)
        for (String garbage : List.of("", "a", "a.b", "a.b.c", "....", "eyJhbGciOiJIUzI1NiJ9.e30.", "\u0000.\u0001.\u0002",
                "bnVsbA.e30.c2ln", "W10.e30.c2ln")) {
            assertInvalid(garbage);
        }
    }

    private String sign(JWSAlgorithm alg, SigningKey key, Consumer<JWSHeader.Builder> header,
                        Consumer<JWTClaimsSet.Builder> claims) throws Exception {
        long now = clock.millis();
        JWSHeader.Builder h = new JWSHeader.Builder(alg).keyID(key.kid()).type(TokenService.HEADER_TYPE);
        header.accept(h);
        JWTClaimsSet.Builder c = new JWTClaimsSet.Builder().issuer("palisade").audience("palisade-api")
                .subject("alice").claim("sid", "sid-1").claim("typ", "access")
                .issueTime(new Date(now)).notBeforeTime(new Date(now)).expirationTime(new Date(now + 900_000));
        claims.accept(c);
        byte[] secret = key.secret().length >= 64 || alg == JWSAlgorithm.HS256 ? key.secret()
                : (new String(key.secret(), StandardCharsets.ISO_8859_1) + new String(key.secret(), StandardCharsets.ISO_8859_1))
                .getBytes(StandardCharsets.ISO_8859_1);
        SignedJWT jwt = new SignedJWT(h.build(), c.build());
        jwt.sign(new MACSigner(secret));
        return jwt.serialize();
    }

    private void assertInvalid(String token) {
        assertRejected(token, Reason.INVALID_TOKEN, "");
    }

    private void assertRejected(String token, Reason reason, String explanationPart) {
        assertThatThrownBy(() -> tokens.verify(token, clock.millis()))
                .isInstanceOfSatisfying(Denial.class, d -> {
                    assertThat(d.reason()).isEqualTo(reason);
                    assertThat(d.getMessage()).contains(explanationPart);
                });
    }

    private static String b64(String json) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(json.getBytes(StandardCharsets.UTF_8));
    }
}
