package dev.palisade.engine.bootstrap;

import dev.palisade.engine.state.AttachmentCodec;
import dev.palisade.protocol.WorkChallenge;

/**
 * What one serving of a client page asks of its client, kept with the page nonce: the proof of
 * work, and the seed of the page's challenge program with the answer it must give.
 */
public record PageChallenge(WorkChallenge work, long programSeed, String answer) {

    /** One line per part: the work as its meta value, the seed, the answer. */
    public static final AttachmentCodec<PageChallenge> CODEC = new AttachmentCodec<>() {
        @Override
        public String encode(PageChallenge c) {
            return c.work().toMeta() + "\n" + c.programSeed() + "\n" + c.answer();
        }

        @Override
        public PageChallenge decode(String text) {
            String[] parts = text.split("\n", 3);
            if (parts.length != 3) throw new IllegalArgumentException("not a page challenge");
            return new PageChallenge(WorkChallenge.parse(parts[0]), Long.parseLong(parts[1]), parts[2]);
        }
    };

    /** The page's challenge program, written again from its seed. */
    public ChallengeProgram program() { return ChallengeProgram.generate(programSeed); }

    /** The work is public (it is in the page); the seed and the answer are what a solver wants. */
    @Override
    public String toString() { return "PageChallenge[" + work + "]"; }
}
