package dev.palisade.engine.bootstrap;

/** A bootstrap ticket handed to the client after it redeemed its page nonce. */
public record Ticket(String value, long expiresInSeconds) {
    @Override
    public String toString() { return "Ticket[expiresIn=" + expiresInSeconds + "s]"; }
}
