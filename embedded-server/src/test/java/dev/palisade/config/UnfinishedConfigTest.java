package dev.palisade.config;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A configuration file is noted while it is applied, and the note stays when the applying stops half-way. */
class UnfinishedConfigTest {

    @TempDir
    Path dir;

    @Test
    void theFileIsNotedWhileItIsAppliedAndNoLonger() throws Exception {
        String[] seen = new String[1];
        UnfinishedConfig.applying(dir, "/etc/palisade.yaml (sha256:0123456789abcdef)", () -> {
            try {
                seen[0] = UnfinishedConfig.of(dir);
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        assertThat(seen[0]).isEqualTo("/etc/palisade.yaml (sha256:0123456789abcdef)");
        assertThat(UnfinishedConfig.of(dir)).isNull();
    }

    @Test
    void anApplyingThatStopsHalfWayLeavesTheNote() throws Exception {
        assertThatThrownBy(() -> UnfinishedConfig.applying(dir, "/etc/palisade.yaml (sha256:0123456789abcdef)", () -> {
            throw new IllegalStateException("the store went away after the blacklist");
        })).hasMessageContaining("the store went away");
        assertThat(UnfinishedConfig.of(dir)).isEqualTo("/etc/palisade.yaml (sha256:0123456789abcdef)");
        assertThat(UnfinishedConfig.warning(UnfinishedConfig.of(dir))).contains("/etc/palisade.yaml")
                .contains("only part of it is in force");
    }
}
