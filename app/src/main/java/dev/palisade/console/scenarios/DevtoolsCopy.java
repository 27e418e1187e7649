package dev.palisade.console.scenarios;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.palisade.protocol.ClientKeys;
import dev.palisade.protocol.RequestSigner;
import okhttp3.Request;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * L3: a script given everything the browser's network panel shows of a live session (the login
 * answer and a signed request's headers), on the victim's machine with its User-Agent. The signing
 * key was agreed, never sent, so nothing it sees signs a new request. It tries its guesses offline,
 * against the signature it captured, as a copier would: each one sent instead would be a refusal
 * counted toward its address's auto-block (audit 50, S4).
 */
final class DevtoolsCopy {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    /** A signed request's {@code created}, {@code keyid} and {@code nonce}, in the order palisade.js writes them. */
    private static final Pattern SIGNED = Pattern.compile(";created=(\\d+);keyid=\"([^\"]*)\";alg=\"[^\"]*\";nonce=\"([^\"]*)\"");

    private DevtoolsCopy() {}

    static Attack scenario(int n) {
        return new Attack(n, "DevTools copy", Level.DEVTOOLS_COPY,
                "a script copies what the network panel shows (login answer, signed headers) and tries to sign with it",
                "signature (agreed key)", Set.of("bad_signature"), (ctx, steps) -> {
                    String user = ctx.user("scenario" + n);
                    // same address and User-Agent as the victim: only the key can tell them apart
                    try (ScenarioClient victim = ctx.client(n, 10, ScenarioContext.BROWSER);
                         ScenarioClient copier = ctx.client(n, 10, ScenarioContext.BROWSER)) {
                        ScenarioClient.Reply bootstrap = steps.add("the victim's browser, assumed to hold a session: bootstraps"
                                + " with debug token '" + ScenarioContext.DEBUG_TOKEN_NAME + "'", "POST /auth/bootstrap",
                                victim.bootstrap(victim.page(), ctx.debugToken()));
                        ClientKeys keys = new ClientKeys();
                        ScenarioClient.Reply login = steps.add("the victim logs in; the panel shows the answer", "POST /auth/login",
                                victim.login(user, ctx.password(), ScenarioClient.ticket(bootstrap), keys));
                        ScenarioClient.Session session = ScenarioClient.session(login, keys);
                        Request seen = victim.signed(session, "GET", "/api/notes", null);
                        steps.control("the victim reads the notes; the panel shows the headers", "GET /api/notes", victim.send(seen));

                        Request moved = copier.request("/api/cart").get().header("Authorization", seen.header("Authorization"))
                                .header("Signature-Input", seen.header("Signature-Input"))
                                .header("Signature", seen.header("Signature")).build();
                        steps.attempt("the captured signature on another request", "GET /api/cart", copier.send(moved));
                        Map<String, byte[]> guesses = guesses(login.body(), seen);
                        long started = System.nanoTime();
                        Map.Entry<String, byte[]> match = reproducing(guesses, seen);
                        String tried = guesses.size() + " keys tried offline against the captured signature in "
                                + Cost.millis((System.nanoTime() - started) / 1e6) + " ms";
                        // sent all the same, the first guess when none matched: what the server says of it is the scenario
                        Map.Entry<String, byte[]> sent = match != null ? match : guesses.entrySet().iterator().next();
                        steps.attempt("sign with " + sent.getKey() + " as the key (" + tried + (match != null
                                        ? "; it reproduced it)" : "; none reproduced it)"), "GET /api/cart",
                                copier.send(copier.signed(session, sent.getValue(), "GET", "/api/cart", null,
                                        copier.nowSeconds())));
                        // the copier solved nothing and opened nothing: what it has is free, and useless
                        steps.cost(Cost.none("copier: nothing solved, " + tried + "; the victim's session came from the"
                                + " debug token"));
                        // the installer's self-check runs this one: the logout is part of what it checks
                        steps.control("the victim logs out", "POST /auth/logout", victim.logOut(session));
                    }
                });
    }

    /**
     * The first guess that signs {@code seen} as it was signed (its own {@code created} and {@code nonce}), or null:
     * what a copier learns offline, for the cost of one HMAC a guess.
     */
    static Map.Entry<String, byte[]> reproducing(Map<String, byte[]> guesses, Request seen) {
        Matcher params = SIGNED.matcher(seen.header("Signature-Input"));
        if (!params.find()) throw new IllegalArgumentException("no created, keyid and nonce in " + seen.header("Signature-Input"));
        byte[] captured = seen.header("Signature").getBytes(StandardCharsets.UTF_8);
        for (Map.Entry<String, byte[]> guess : guesses.entrySet()) {
            RequestSigner.Signed again = RequestSigner.sign(seen.method(), seen.url().host() + ":" + seen.url().port(),
                    seen.url().encodedPath(), seen.url().encodedQuery(), seen.header("Authorization"), null,
                    params.group(2), guess.getValue(), Long.parseLong(params.group(1)), params.group(3));
            if (MessageDigest.isEqual(again.signature().getBytes(StandardCharsets.UTF_8), captured)) return guess;
        }
        return null;
    }

    /** What the panel shows ({@link #visible}), and the SHA-256 of each: a key derived the obvious way. */
    static Map<String, byte[]> guesses(String loginAnswer, Request seen) throws java.io.IOException {
        Map<String, byte[]> guesses = new LinkedHashMap<>(visible(loginAnswer, seen));
        for (Map.Entry<String, byte[]> v : List.copyOf(guesses.entrySet())) {
            guesses.put("SHA-256 of " + v.getKey(), sha256(v.getValue()));
        }
        return guesses;
    }

    private static byte[] sha256(byte[] b) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(b);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Every value the panel shows, as the bytes a copier would try as a key: its text, and decoded when it is base64. */
    static Map<String, byte[]> visible(String loginAnswer, Request seen) throws java.io.IOException {
        Map<String, String> texts = new LinkedHashMap<>();
        collect("", MAPPER.readTree(loginAnswer), texts);
        for (String header : List.of("Authorization", "Signature-Input", "Signature")) texts.put(header, seen.header(header));
        texts.put("Signature's MAC", seen.header("Signature").replaceAll("^sig1=:|:$", ""));
        Map<String, byte[]> guesses = new LinkedHashMap<>();
        for (Map.Entry<String, String> t : texts.entrySet()) {
            guesses.put(t.getKey() + " (text)", t.getValue().getBytes(StandardCharsets.UTF_8));
            byte[] decoded = decoded(t.getValue());
            if (decoded != null) guesses.put(t.getKey() + " (decoded)", decoded);
        }
        return guesses;
    }

    private static void collect(String prefix, JsonNode node, Map<String, String> into) {
        if (node.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> f = it.next();
                collect(prefix.isEmpty() ? f.getKey() : prefix + "." + f.getKey(), f.getValue(), into);
            }
        } else if (node.isValueNode() && !node.asText().isEmpty()) {
            into.put(prefix, node.asText());
        }
    }

    private static byte[] decoded(String text) {
        for (Base64.Decoder d : new ArrayList<>(List.of(Base64.getUrlDecoder(), Base64.getDecoder()))) {
            try {
                byte[] b = d.decode(text);
                if (b.length > 0) return b;
            } catch (IllegalArgumentException notBase64) {
                // try the other alphabet
            }
        }
        return null;
    }
}
