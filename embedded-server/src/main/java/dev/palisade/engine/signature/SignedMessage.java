package dev.palisade.engine.signature;

/** The parts of an HTTP request an RFC 9421 signature can cover, as they travelled on the wire. */
public interface SignedMessage {

    String method();

    /** Host and port as sent, lower-cased; the port only when it is not the scheme's default. */
    String authority();

    /** The absolute path, percent-encoded as sent; "/" when empty. */
    String path();

    /** The query without its "?", as sent; null when the target has none. */
    String query();

    /** The field's value (several lines joined by ", ", trimmed), or null; the name is lower case. */
    String header(String name);
}
