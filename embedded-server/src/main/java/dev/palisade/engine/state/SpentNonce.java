package dev.palisade.engine.state;

/**
 * A nonce a single node accepted for a signature created ahead of its clock, kept across a restart
 * (see {@code NoncesAhead}).
 *
 * @param createdSecond the signature's {@code created}
 * @param session       the session's hash, as the nonce store keeps it
 * @param nonce         the session's and nonce's hash, as the nonce store keeps it
 */
public record SpentNonce(long createdSecond, long session, long nonce) {}
