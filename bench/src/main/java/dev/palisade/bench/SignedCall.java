package dev.palisade.bench;

import dev.palisade.engine.ProtectedRequest;
import dev.palisade.engine.signature.SignedMessage;

import java.util.Map;

/**
 * One call as palisade.js sends it, signed ahead of time: the benchmark sets the clock to
 * {@code atMillis} and hands the engine a fresh {@link ProtectedRequest} over these wire facts.
 */
record SignedCall(long atMillis, String ip, String userAgent, String method, String authority,
                  String path, Map<String, String> headers) implements SignedMessage {

    @Override
    public String query() { return null; }

    @Override
    public String header(String name) { return headers.get(name); }

    /** Every text of the call as it arrives: what a server's parser reads before a decision. */
    String[] texts() {
        java.util.List<String> all = new java.util.ArrayList<>(java.util.List.of(ip, userAgent, method, authority, path));
        headers.forEach((name, value) -> {
            all.add(name);
            all.add(value);
        });
        return all.toArray(String[]::new);
    }

    ProtectedRequest request() {
        return ProtectedRequest.withAuthorization(method, path, ip, userAgent, headers.get("authorization"), null, this, null);
    }
}
