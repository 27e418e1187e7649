package dev.palisade.protocol;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class WorkChallengeTest {

    @Test
    void solutionsAreTheSmallestCountersWithEnoughLeadingZeroBits() throws Exception {
        WorkChallenge w = new WorkChallenge("c2VlZA", 10, 3);
        WorkChallenge.Solution s = w.solve();
        assertThat(w.isSolvedBy(s.counters())).isTrue();
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        long hashes = 0;
        for (int i = 0; i < 3; i++) {
            for (long c = 0; c < s.counters()[i]; c++) {
                byte[] h = sha.digest(("c2VlZA:" + i + ":" + c).getBytes(StandardCharsets.US_ASCII));
                assertThat(WorkChallenge.leadingZeroBits(h)).isLessThan(10);
            }
            hashes += s.counters()[i] + 1;
        }
        assertThat(s.hashes()).isEqualTo(hashes);
    }

    /** docs/protocol.md's example, worked out there: a third party checks its solver against it. */
    @Test
    void theDocumentedExampleIsSolvedByTheCountersTheDocGives() {
        WorkChallenge w = WorkChallenge.parse("v1:10:2:c2VlZA");
        assertThat(w.solve().counters()).containsExactly(2101, 1209);
        assertThat(w.isSolvedBy(new long[] {2101, 1209})).isTrue();
    }

    @Test
    void theSmallestWrongAnswersAreRefused() {
        WorkChallenge w = new WorkChallenge("c2VlZA", 12, 2);
        long[] right = w.solve().counters();
        assertThat(w.isSolvedBy(new long[] {right[0]})).as("too few").isFalse();
        assertThat(w.isSolvedBy(new long[] {right[0], right[1], 0})).as("too many").isFalse();
        assertThat(w.isSolvedBy(new long[] {right[1], right[0]})).as("swapped").isFalse();
        assertThat(w.isSolvedBy(new long[] {right[0], -1})).isFalse();
        assertThat(w.isSolvedBy(null)).isFalse();
        assertThat(new WorkChallenge("c2VlZB", 12, 2).isSolvedBy(right)).as("another seed").isFalse();
    }

    @Test
    void leadingZeroBitsCountFromTheFirstByte() {
        assertThat(WorkChallenge.leadingZeroBits(new byte[] {0, 0, 1})).isEqualTo(23);
        assertThat(WorkChallenge.leadingZeroBits(new byte[] {(byte) 0x80})).isZero();
        assertThat(WorkChallenge.leadingZeroBits(new byte[] {0x0f})).isEqualTo(4);
        assertThat(WorkChallenge.leadingZeroBits(new byte[] {0, 0})).isEqualTo(16);
    }

    @Test
    void theMetaFormRoundTripsAndIsChecked() {
        WorkChallenge w = new WorkChallenge("abc_-9", 14, 4);
        assertThat(w.toMeta()).isEqualTo("v1:14:4:abc_-9");
        assertThat(WorkChallenge.parse(w.toMeta())).isEqualTo(w);
        assertThatThrownBy(() -> WorkChallenge.parse("v2:14:4:abc")).isInstanceOf(IllegalArgumentException.class);
        // audit 51: only the form toMeta writes, not what Integer.parseInt also takes
        for (String other : new String[] {"v1:+14:4:abc", "v1:014:4:abc", "v1:\u0661\u0664:4:abc", "v1:14:04:abc", "v1:14::abc"}) {
            assertThatThrownBy(() -> WorkChallenge.parse(other)).as(other).isInstanceOf(IllegalArgumentException.class);
        }
        assertThat(WorkChallenge.parse("v1:0:1:abc")).isEqualTo(new WorkChallenge("abc", 0, 1));
        assertThatThrownBy(() -> new WorkChallenge("a b", 14, 4)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new WorkChallenge("ab", 33, 4)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new WorkChallenge("ab", 3, 0)).isInstanceOf(IllegalArgumentException.class);
    }
}
