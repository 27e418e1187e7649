package dev.palisade.console.scenarios;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.palisade.protocol.ClientKeys;
import okhttp3.Request;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * L3: a script given everything the browser's network panel shows of a live session (the login
 * answer and a signed request's headers), on the victim's machine with its User-Agent. The signing
 * key was agreed, never sent, so nothing it sees signs a new request.
 */
final class DevtoolsCopy {

    private static final ObjectMapper MAPPER = new ObjectMapper();

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
                                victim.login(user, ScenarioContext.PASSWORD, ScenarioClient.ticket(bootstrap), keys));
                        ScenarioClient.Session session = ScenarioClient.session(login, keys);
                        Request seen = victim.signed(session, "GET", "/api/notes", null);
                        steps.control("the victim reads the notes; the panel shows the headers", "GET /api/notes", victim.send(seen));

                        Request moved = copier.request("/api/cart").get().header("Authorization", seen.header("Authorization"))
                                .header("Signature-Input", seen.header("Signature-Input"))
                                .header("Signature", seen.header("Signature")).build();
                        steps.attempt("the captured signature on another request", "GET /api/cart", copier.send(moved));
                        long now = System.currentTimeMillis() / 1000;
                        for (Map.Entry<String, byte[]> guess : visible(login.body(), seen).entrySet()) {
                            steps.attempt("sign with " + guess.getKey() + " as the key", "GET /api/cart",
                                    copier.send(copier.signed(session, guess.getValue(), "GET", "/api/cart", null, now)));
                        }
                        // the copier solved nothing and opened nothing: what it has is free, and useless
                        steps.cost(Cost.none("copier: nothing solved; the victim's session came from the debug token"));
                        victim.logOut(session);
                    }
                });
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
