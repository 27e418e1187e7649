package dev.palisade.engine.bootstrap;

/**
 * What a client sends to {@code POST /auth/bootstrap}: the page nonce, the proof of work's counters,
 * the page challenge's answer; each may be null when missing.
 */
public record BootstrapClaim(String pageNonce, long[] work, String answer) {
    @Override
    public String toString() { return "BootstrapClaim[" + (work == null ? "no" : work.length) + " counters]"; }
}
