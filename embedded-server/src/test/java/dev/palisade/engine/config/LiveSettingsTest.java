package dev.palisade.engine.config;

import dev.palisade.store.sqlite.SqliteStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Two nodes' live settings over one store: a change is judged against the settings as stored, not this node's copy. */
class LiveSettingsTest {

    @TempDir
    Path dir;

    /* A review's find: a node that had not read another's change judged a change against its stale copy. */
    @Test
    void aChangeIsJudgedAgainstWhatAnotherNodeStoredAMomentAgo() {
        try (SqliteStore store = SqliteStore.open(dir)) {
            LiveSettings here = new LiveSettings(store);
            LiveSettings there = new LiveSettings(store); // another node: not reloaded after this one's change
            here.update(Map.of("eventRetentionHours", 200L));

            assertThatThrownBy(() -> there.apply(Map.of("eventRetentionHours", 169L), before -> {
                if (169 < before.eventRetention().toHours()) throw new IllegalStateException("shortened from " + before.eventRetention().toHours());
            })).hasMessage("shortened from 200");

            LiveSettings.Applied applied = there.apply(Map.of("sessionIdleTtlSeconds", 1801L), before -> { });
            assertThat(applied.before().eventRetention().toHours()).isEqualTo(200);
            assertThat(there.get().eventRetention().toHours()).as("this node's copy takes what it read").isEqualTo(200);
        }
    }
}
