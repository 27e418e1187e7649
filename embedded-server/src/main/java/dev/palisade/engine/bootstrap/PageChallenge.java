package dev.palisade.engine.bootstrap;

import dev.palisade.protocol.WorkChallenge;

/**
 * What one serving of a client page asks of its client, kept with the page nonce: the proof of
 * work, and the seed of the page's challenge program with the answer it must give.
 */
public record PageChallenge(WorkChallenge work, long programSeed, String answer) {

    /** The page's challenge program, written again from its seed. */
    public ChallengeProgram program() { return ChallengeProgram.generate(programSeed); }
}
