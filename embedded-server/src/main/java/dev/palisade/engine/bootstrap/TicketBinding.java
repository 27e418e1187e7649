package dev.palisade.engine.bootstrap;

/**
 * What a bootstrap ticket is tied to: the digest of the client's re-auth fingerprint components, and
 * the automation signals seen at bootstrap (comma-separated, empty when none), which the session inherits.
 */
public record TicketBinding(byte[] clientDigest, String automation) {}
