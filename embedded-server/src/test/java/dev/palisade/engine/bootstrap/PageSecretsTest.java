package dev.palisade.engine.bootstrap;

import dev.palisade.protocol.WorkChallenge;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** A page's nonce, its challenge's seed and answer are what a solver wants: a printed record shows none of them. */
class PageSecretsTest {

    private static final String NONCE = "n0nce-of-the-page-4f1b";

    @Test
    void aPrintedPageOrClaimShowsTheWorkButNoNonceSeedOrAnswer() {
        ChallengeProgram program = ChallengeProgram.generate(0x5eed_1234_5678L);
        PageChallenge challenge = new PageChallenge(new WorkChallenge("c2VlZA", 14, 4), 0x5eed_1234_5678L, program.answer());
        ServedPage page = new ServedPage(NONCE, challenge, program);
        BootstrapClaim claim = new BootstrapClaim(NONCE, new long[] {1, 2, 3, 4}, program.answer());
        BootstrapProof.Redeemed redeemed = new BootstrapProof.Redeemed(new Ticket("t1cket-value-9a", 60), challenge, 830);
        for (Object printed : new Object[] {challenge, page, claim, redeemed}) {
            assertThat(printed.toString()).as(printed.getClass().getSimpleName())
                    .doesNotContain(NONCE).doesNotContain(program.answer()).doesNotContain("t1cket-value-9a")
                    .doesNotContain(Long.toString(0x5eed_1234_5678L)).doesNotContain(Long.toHexString(0x5eed_1234_5678L));
        }
        assertThat(page.toString()).contains("14");
        assertThat(claim.toString()).contains("4 counters");
    }
}
