package dev.palisade.engine.signature;

import java.util.Map;

/** A request as plain values, for tests that build the wire form by hand. */
public record MessageParts(String method, String authority, String path, String query, Map<String, String> headers)
        implements SignedMessage {

    @Override
    public String header(String name) { return headers.get(name); }
}
