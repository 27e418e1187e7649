package dev.palisade.engine.session;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.MACVerifier;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.palisade.engine.Denial;
import dev.palisade.engine.Reason;

import java.text.ParseException;
import java.util.Date;
import java.util.List;
import java.util.function.LongSupplier;

/**
 * Issues and verifies access tokens: HS256 JWTs (RFC 7519) from the key ring, validated as RFC 8725
 * asks: one allowed algorithm, explicit type, known kid, exact issuer and audience, bounded times.
 */
public final class TokenService {

    /** RFC 9068's media type for access tokens, so an ID token or other JWT cannot pass for one. */
    public static final JOSEObjectType HEADER_TYPE = new JOSEObjectType("at+jwt");
    public static final String TOKEN_TYPE = "access";

    private final KeyRing keys;
    private final String issuer;
    private final String audience;
    private final LongSupplier leewayMillis;

    public TokenService(KeyRing keys, String issuer, String audience, LongSupplier leewayMillis) {
        this.keys = keys;
        this.issuer = issuer;
        this.audience = audience;
        this.leewayMillis = leewayMillis;
    }

    public IssuedToken issue(String subject, String sessionId, long now, long expiresAt) {
        SigningKey key = keys.current();
        JWSHeader header = new JWSHeader.Builder(JWSAlgorithm.HS256).keyID(key.kid()).type(HEADER_TYPE).build();
        long iat = now / 1000;
        long exp = expiresAt / 1000;
        JWTClaimsSet claims = new JWTClaimsSet.Builder()
                .issuer(issuer)
                .audience(audience)
                .subject(subject)
                .claim("sid", sessionId)
                .claim("typ", TOKEN_TYPE)
                .issueTime(new Date(iat * 1000))
                .notBeforeTime(new Date(iat * 1000))
                .expirationTime(new Date(exp * 1000))
                .build();
        SignedJWT jwt = new SignedJWT(header, claims);
        try {
            jwt.sign(new MACSigner(key.secret()));
        } catch (JOSEException e) {
            throw new IllegalStateException("cannot sign with key " + key.kid(), e);
        }
        return new IssuedToken(jwt.serialize(), exp * 1000, key.kid());
    }

    /** @throws Denial with {@code invalid_token} or {@code expired_token} */
    public TokenClaims verify(String token, long now) {
        if (!canonical(token)) {
            throw invalid("the token is not three parts of canonical base64url (its alphabet, no padding, no spare bits set)");
        }
        SignedJWT jwt;
        try {
            jwt = SignedJWT.parse(token);
        } catch (ParseException | RuntimeException e) {
            // nimbus throws more than ParseException for a header that is JSON but not an object (`null`: a NullPointerException)
            throw invalid("the token is not a signed JWT (alg none and malformed tokens are refused)");
        }
        JWSHeader header = jwt.getHeader();
        if (!JWSAlgorithm.HS256.equals(header.getAlgorithm())) {
            throw invalid("algorithm " + header.getAlgorithm() + " is not allowed; only HS256 is");
        }
        if (!HEADER_TYPE.equals(header.getType())) {
            throw invalid("the token header's typ is not at+jwt");
        }
        if (header.getCriticalParams() != null && !header.getCriticalParams().isEmpty()) {
            throw invalid("the token names critical header parameters Palisade does not understand");
        }
        String kid = header.getKeyID();
        SigningKey key = kid == null ? null : keys.verifying(kid, now);
        if (key == null) {
            throw invalid("the token's key id is unknown or its key has retired past the grace period");
        }
        try {
            if (!jwt.verify(new MACVerifier(key.secret()))) {
                throw invalid("the token's signature does not match");
            }
        } catch (JOSEException e) {
            throw invalid("the token's signature cannot be checked");
        }
        // the ring's own kid, equal to the header's: a session remembers it, and each later call's key
        // lookup then finds it by identity instead of reading both strings (BENCHMARKS.md 2p)
        return checkClaims(jwt, key.kid(), now);
    }

    /**
     * Three parts, each in the one base64url text its bytes have. nimbus's decoder skips characters
     * outside the alphabet and ignores the last character's spare bits, so without this one token
     * would verify under many texts, and a blacklist entry (the SHA-256 of a text) would stop only one.
     * Runs when a token is first presented; later presentations are found by that text's SHA-256.
     */
    static boolean canonical(String token) {
        int parts = 0;
        int start = 0;
        for (int i = 0; i <= token.length(); i++) {
            if (i < token.length() && token.charAt(i) != '.') {
                char c = token.charAt(i);
                boolean alphabet = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
                if (!alphabet) return false;
                continue;
            }
            String part = token.substring(start, i);
            if (++parts > 3 || part.length() % 4 == 1) return false;
            byte[] bytes = java.util.Base64.getUrlDecoder().decode(part);
            if (!java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(bytes).equals(part)) return false;
            start = i + 1;
        }
        return parts == 3;
    }

    private TokenClaims checkClaims(SignedJWT jwt, String kid, long now) {
        JWTClaimsSet claims;
        String sid;
        String typ;
        try {
            claims = jwt.getJWTClaimsSet();
            sid = claims.getStringClaim("sid");
            typ = claims.getStringClaim("typ");
        } catch (ParseException e) {
            throw invalid("the token's claims are malformed");
        }
        if (!issuer.equals(claims.getIssuer())) throw invalid("the token's issuer is not " + issuer);
        List<String> aud = claims.getAudience();
        if (aud == null || aud.size() != 1 || !audience.equals(aud.get(0))) {
            throw invalid("the token's audience is not " + audience);
        }
        if (!TOKEN_TYPE.equals(typ)) throw invalid("the token is not an access token");
        String sub = claims.getSubject();
        if (sub == null || sub.isEmpty() || sid == null || sid.isEmpty()) {
            throw invalid("the token lacks its subject or session id");
        }
        Date exp = claims.getExpirationTime();
        Date iat = claims.getIssueTime();
        if (exp == null || iat == null) throw invalid("the token lacks exp or iat");
        long leeway = leewayMillis.getAsLong();
        Date nbf = claims.getNotBeforeTime();
        if ((nbf != null && now + leeway < nbf.getTime()) || now + leeway < iat.getTime()) {
            throw invalid("the token is not valid yet (nbf/iat lie in the future)");
        }
        if (now >= exp.getTime() + leeway) {
            throw new Denial(Reason.EXPIRED_TOKEN, "the token expired; refresh it or log in again");
        }
        return new TokenClaims(sub, sid, iat.getTime(), exp.getTime(), kid);
    }

    public long leewayMillis() { return leewayMillis.getAsLong(); }

    private static Denial invalid(String why) {
        return new Denial(Reason.INVALID_TOKEN, why);
    }
}
