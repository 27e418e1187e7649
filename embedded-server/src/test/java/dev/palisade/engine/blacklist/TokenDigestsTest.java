package dev.palisade.engine.blacklist;

import org.junit.jupiter.api.Test;

import java.util.HexFormat;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class TokenDigestsTest {

    private static byte[] digest(String hex) { return HexFormat.of().parseHex(hex); }

    @Test
    void aDigestIsFoundWholeAmongThoseThatShareItsFirstEightBytes() {
        String same = "00112233445566778899aabbccddeeff00112233445566778899aabbccddee";
        TokenDigests listed = TokenDigests.of(List.of(same + "01", same + "03", "ff".repeat(32), same.toUpperCase() + "02",
                "not a digest", "ab".repeat(31)));
        for (String found : List.of(same + "01", same + "02", same + "03", "ff".repeat(32))) {
            assertThat(listed.contains(digest(found))).as(found).isTrue();
        }
        assertThat(listed.contains(digest(same + "04"))).as("the same first bytes, another digest").isFalse();
        assertThat(listed.contains(digest("01" + same))).isFalse();
        assertThat(listed.contains(digest("ab".repeat(31)))).as("a value of 62 digits names no digest").isFalse();
        assertThat(listed.contains(null)).isFalse();
        assertThat(TokenDigests.of(List.of()).contains(digest(same + "01"))).isFalse();
        // many of one prefix: the search lands among them and looks both ways
        java.util.List<String> five = new java.util.ArrayList<>();
        for (int i = 1; i <= 5; i++) five.add(same + "0" + i);
        five.add("ff".repeat(32));
        TokenDigests crowded = TokenDigests.of(five);
        for (String d : five) assertThat(crowded.contains(digest(d))).as(d).isTrue();
    }
}
