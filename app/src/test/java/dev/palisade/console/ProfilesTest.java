package dev.palisade.console;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.prefs.Preferences;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ProfilesTest {

    @TempDir
    Path home;
    private final Preferences node = new TestProfiles.MemoryPreferences(null, "");
    private Profiles profiles() { return new Profiles(node, home.resolve("tokens")); }

    /* The admin token was kept in the preferences, a file every user of the machine can read (0644). */
    @Test
    void aTokenIsKeptInAFileOnlyTheUserCanReadNotInThePreferences() throws Exception {
        profiles().save("staging", "http://10.0.0.5:8081", "secret-token");
        assertThat(node.node("staging").keys()).containsExactly("adminUrl");
        Path dir = home.resolve("tokens");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir))).isEqualTo("rwx------");
        try (var files = Files.list(dir)) {
            assertThat(files.toList()).singleElement().satisfies(f -> {
                assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(f))).isEqualTo("rw-------");
                assertThat(Files.readString(f)).isEqualTo("secret-token");
            });
        }
        profiles().remove("staging");
        try (var files = Files.list(dir)) {
            assertThat(files.toList()).as("removed with its profile").isEmpty();
        }
    }

    /*
     * Hardening audit 60, L3: https://ops:pw@host was taken, then shown in error text, logged and kept in the
     * Preferences in clear, while OkHttp never sends it: a password in the URL only leaked.
     */
    @Test
    void anAdminUrlWithAPasswordInItIsRefusedNotKept() {
        assertThat(Profiles.missingToConnect("https://ops:pw@10.0.0.5:8081", "t"))
                .containsExactly("an admin URL without a user or password in it (the admin token is the credential)");
        assertThat(Profiles.missingToConnect("https://ops@10.0.0.5:8081", "t")).hasSize(1);
        assertThat(Profiles.missingToConnect("https://10.0.0.5:8081/admin@x", "t")).as("an @ in the path is no user").isEmpty();
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> profiles().save("staging", "http://a:b@10.0.0.5:8081", "t"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(node.node("staging").get("adminUrl", null)).isNull();
    }

    @Test
    void aTokenAnOlderVersionKeptInThePreferencesIsMovedToItsFile() throws Exception {
        node.node("old").put("adminUrl", "http://127.0.0.1:8081");
        node.node("old").put("adminToken", "older-token");
        assertThat(profiles().find("old")).hasValueSatisfying(p -> assertThat(p.adminToken()).isEqualTo("older-token"));
        assertThat(node.node("old").keys()).containsExactly("adminUrl");
        assertThat(profiles().find("old")).hasValueSatisfying(p -> assertThat(p.adminToken()).isEqualTo("older-token"));
    }

    @Test
    void savedProfilesAreRememberedByName() {
        Profiles profiles = profiles();
        profiles.save("staging", "http://10.0.0.5:8081/", "secret-token");
        profiles.save("local", "http://127.0.0.1:8081", "t2");
        assertThat(profiles.list()).extracting(Profiles.Profile::name).containsExactly("local", "staging");
        assertThat(profiles().find("staging")).hasValueSatisfying(p -> {
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
        }, home.resolve("tokens"));
        assertThat(openedOn).as("built on the FX thread: nothing opened yet").isEmpty();
        lazy.save("local", "http://127.0.0.1:8081", "t");
        assertThat(lazy.list()).hasSize(1);
        assertThat(openedOn).as("opened once, by the first use").hasSize(1);
    }

    /* The dark theme came back light at every start. */
    @Test
    void theThemeChosenLastIsRememberedAndIsNoProfile() {
        assertThat(profiles().prefersDark()).isFalse();
        profiles().save("local", "http://127.0.0.1:8081", "t");
        profiles().rememberDark(true);
        assertThat(profiles().prefersDark()).as("read by the next start").isTrue();
        assertThat(profiles().list()).extracting(Profiles.Profile::name).containsExactly("local");
        profiles().rememberDark(false);
        assertThat(profiles().prefersDark()).isFalse();
    }

    @Test
    void badProfilesAreRefused() {
        Profiles profiles = profiles();
        assertThatThrownBy(() -> profiles.save("", "http://x", "t")).hasMessageContaining("profile name");
        assertThatThrownBy(() -> profiles.save("a", "ftp://x", "t")).hasMessageContaining("admin URL");
        assertThatThrownBy(() -> profiles.save("a", "http://x", " ")).hasMessageContaining("token");
        assertThat(profiles.find("nope")).isEmpty();
    }
}
