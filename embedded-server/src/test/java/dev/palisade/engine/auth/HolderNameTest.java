package dev.palisade.engine.auth;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class HolderNameTest {

    @Test
    void namesFoldAlikeExactlyWhenTheyDifferOnlyInCase() {
        String[][] same = {{"Olga", "oLGA"}, {"Ölga", "öLGA"}, {"ΣΟΦΙΑ", "σοφια"}, {"Kelvin", "\u212Aelvin"}, {"ſam", "Sam"}};
        for (String[] pair : same) {
            assertThat(HolderName.folded(pair[0])).as(pair[0] + " / " + pair[1]).isEqualTo(HolderName.folded(pair[1]));
            assertThat(pair[0].equalsIgnoreCase(pair[1])).as("as Java compares them").isTrue();
        }
        assertThat(HolderName.folded("Ölga")).isNotEqualTo(HolderName.folded("Olga"));
        assertThat(HolderName.folded("olga ")).isNotEqualTo(HolderName.folded("olga"));
    }
}
