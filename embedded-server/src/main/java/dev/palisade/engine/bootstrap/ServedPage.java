package dev.palisade.engine.bootstrap;

/**
 * One serving of the client page: its nonce, what it asks, and the challenge program already
 * generated for it, so the page's markup does not write the program a second time.
 */
public record ServedPage(String nonce, PageChallenge challenge, ChallengeProgram program) {
    @Override
    public String toString() { return "ServedPage[" + challenge + "]"; }
}
