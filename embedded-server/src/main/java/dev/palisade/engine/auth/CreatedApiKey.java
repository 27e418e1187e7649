package dev.palisade.engine.auth;

/** A new key with its full secret, which exists only in this value and is shown once. */
public record CreatedApiKey(ApiKey key, String secret) {
    @Override
    public String toString() { return "CreatedApiKey[" + key + "]"; }
}
