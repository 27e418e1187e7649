package dev.palisade.console;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.prefs.Preferences;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ProfilesTest {

    private final Preferences node = Preferences.userRoot().node("dev/palisade/console/test-" + System.nanoTime());
    private final Profiles profiles = new Profiles(node);

    @AfterEach
    void clean() throws Exception {
        node.removeNode();
    }

    @Test
    void savedProfilesAreRememberedByName() {
        profiles.save("staging", "http://10.0.0.5:8081/", "secret-token");
        profiles.save("local", "http://127.0.0.1:8081", "t2");
        assertThat(profiles.list()).extracting(Profiles.Profile::name).containsExactly("local", "staging");
        assertThat(new Profiles(node).find("staging")).hasValueSatisfying(p -> {
            assertThat(p.adminUrl()).isEqualTo("http://10.0.0.5:8081");
            assertThat(p.adminToken()).isEqualTo("secret-token");
            assertThat(p.toString()).doesNotContain("secret-token");
        });
        profiles.remove("staging");
        assertThat(profiles.find("staging")).isEmpty();
    }

    @Test
    void thePreferencesAreOpenedAtTheFirstUseNotWhenTheWindowIsGivenThem() {
        java.util.List<String> openedOn = new java.util.ArrayList<>();
        Profiles lazy = new Profiles(() -> {
            openedOn.add(Thread.currentThread().getName());
            return node;
        });
        assertThat(openedOn).as("built on the FX thread: nothing opened yet").isEmpty();
        lazy.save("local", "http://127.0.0.1:8081", "t");
        assertThat(lazy.list()).hasSize(1);
        assertThat(openedOn).as("opened once, by the first use").hasSize(1);
    }

    @Test
    void badProfilesAreRefused() {
        assertThatThrownBy(() -> profiles.save("", "http://x", "t")).hasMessageContaining("profile name");
        assertThatThrownBy(() -> profiles.save("a", "ftp://x", "t")).hasMessageContaining("admin URL");
        assertThatThrownBy(() -> profiles.save("a", "http://x", " ")).hasMessageContaining("token");
        assertThat(profiles.find("nope")).isEmpty();
    }
}
