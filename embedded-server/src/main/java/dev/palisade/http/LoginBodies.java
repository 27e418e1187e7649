package dev.palisade.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.palisade.engine.bootstrap.BootstrapClaim;
import dev.palisade.protocol.InvalidKeyException;
import dev.palisade.protocol.P256;
import dev.palisade.protocol.WorkChallenge;

import java.security.interfaces.ECPublicKey;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Strict readers for the members of {@code /auth/bootstrap} and {@code /auth/login} bodies that are
 * more than a string (docs/protocol.md): the work's counters, the automation signals, the client's
 * public key. Anything malformed is a 400 naming the member.
 */
final class LoginBodies {

    private static final long MAX_COUNTER = 9_007_199_254_740_991L; // 2^53 - 1: what JavaScript counts exactly
    private static final int MAX_SIGNALS = 32;

    private LoginBodies() {}

    static BootstrapClaim claim(ObjectNode body) {
        return new BootstrapClaim(Json.text(body, "pageNonce"), work(body.get("work")), Json.optText(body, "answer"));
    }

    /** {@code work}: an array of whole numbers 0..2^53-1, one per puzzle; null when absent. */
    static long[] work(JsonNode n) {
        if (n == null || n.isNull()) return null;
        if (!n.isArray() || n.size() > WorkChallenge.MAX_COUNT) {
            throw HttpProblem.field("work", "must be an array of at most " + WorkChallenge.MAX_COUNT + " whole numbers");
        }
        long[] counters = new long[n.size()];
        for (int i = 0; i < counters.length; i++) {
            JsonNode c = n.get(i);
            if (!c.isIntegralNumber() || !c.canConvertToLong() || c.longValue() < 0 || c.longValue() > MAX_COUNTER) {
                throw HttpProblem.field("work", "item " + i + " must be a whole number from 0 to 2^53-1");
            }
            counters[i] = c.longValue();
        }
        return counters;
    }

    /** {@code signals}: an object of booleans; null when absent (itself a signal). */
    static Map<String, Boolean> signals(ObjectNode body) {
        JsonNode n = body.get("signals");
        if (n == null || n.isNull()) return null;
        if (!n.isObject() || n.size() > MAX_SIGNALS) {
            throw HttpProblem.field("signals", "must be an object of at most " + MAX_SIGNALS + " boolean members");
        }
        Map<String, Boolean> out = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = n.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            if (!e.getValue().isBoolean()) throw HttpProblem.field("signals." + e.getKey(), "must be true or false");
            out.put(e.getKey(), e.getValue().booleanValue());
        }
        return out;
    }

    /** {@code clientKey}: the client's ECDH public key as a P-256 JWK, checked to lie on the curve. */
    static ECPublicKey clientKey(ObjectNode body) {
        JsonNode n = body.get("clientKey");
        if (n == null || n.isNull()) {
            throw HttpProblem.field("clientKey", "is required: the client's ECDH P-256 public key as a JWK"
                    + " {\"kty\":\"EC\",\"crv\":\"P-256\",\"x\",\"y\"}");
        }
        if (!n.isObject()) throw HttpProblem.field("clientKey", "must be a JWK object");
        ObjectNode jwk = (ObjectNode) n;
        if (jwk.has("d")) throw HttpProblem.field("clientKey.d", "a private key must never be sent");
        if (!"EC".equals(member(jwk, "kty"))) throw HttpProblem.field("clientKey.kty", "must be \"EC\"");
        if (!"P-256".equals(member(jwk, "crv"))) throw HttpProblem.field("clientKey.crv", "must be \"P-256\"");
        try {
            return P256.publicKey(member(jwk, "x"), member(jwk, "y"));
        } catch (InvalidKeyException e) {
            throw HttpProblem.field(e.member().isEmpty() ? "clientKey" : "clientKey." + e.member(), e.getMessage());
        }
    }

    private static String member(ObjectNode jwk, String name) {
        JsonNode v = jwk.get(name);
        if (v != null && !v.isNull() && !v.isTextual()) throw HttpProblem.field("clientKey." + name, "must be a string");
        return v == null || v.isNull() ? null : v.textValue();
    }

    /** The server's half of the key agreement as a JWK. */
    static Map<String, Object> jwk(String[] xy) {
        Map<String, Object> key = new LinkedHashMap<>();
        key.put("kty", "EC");
        key.put("crv", "P-256");
        key.put("x", xy[0]);
        key.put("y", xy[1]);
        return key;
    }
}
