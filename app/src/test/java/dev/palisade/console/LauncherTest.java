package dev.palisade.console;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** What the console's command line refuses before it starts anything. */
class LauncherTest {

    /* --remote=URL fell through to the server's options as "unknown option", though the server's take --flag=value. */
    @Test
    void theConsolesOwnOptionsTakeAValueAfterAnEqualsSignToo() {
        assertThat(Launcher.ownOptionsSplit(new String[] {"--remote=http://127.0.0.1:8081", "--admin-token-file=a=b.token", "--port=9000"}))
                .containsExactly("--remote", "http://127.0.0.1:8081", "--admin-token-file", "a=b.token", "--port=9000");
    }

    /* The help was two usages stuck together, listed options the console refuses, and described none of its own. */
    @Test
    void theHelpIsTheConsolesOwnWithTheServerOptionsItTakes() {
        String help = Launcher.help("palisade");
        assertThat(help).startsWith("Usage: palisade [server options]").contains("--remote URL").contains("--profile NAME")
                .contains("ssh -L 8081:127.0.0.1:8081").contains("--port PORT").contains("--upstream URL");
        assertThat(help.lines().filter(l -> l.startsWith("Usage:"))).hasSize(1);
        for (String serverOnly : List.of("--config FILE", "--export-config", "--add-user", "--backup FILE", "--health ")) {
            assertThat(help).as(serverOnly).doesNotContain("  " + serverOnly);
        }
    }

    /*
     * `palisade --config palisade.yaml` started the console with the file not applied, and
     * `palisade --add-user alice` opened the window instead of adding the user, without a word.
     */
    @Test
    void serverOnlyOptionsAreRefusedByName() {
        assertThat(Launcher.serverOnly(List.of("--config", "palisade.yaml"), java.util.Map.of())).startsWith("--config is an option of palisade-server");
        assertThat(Launcher.serverOnly(List.of("--port", "9000", "--add-user", "alice"), java.util.Map.of())).contains("--add-user")
                .contains("palisade-server --add-user");
        assertThat(Launcher.serverOnly(List.of("--backup=/tmp/b.db"), java.util.Map.of())).startsWith("--backup is");
        for (String flag : List.of("--config-overwrite", "--export-config", "--health")) {
            assertThat(Launcher.serverOnly(List.of(flag), java.util.Map.of())).as(flag).startsWith(flag + " is");
        }
        assertThat(Launcher.serverOnly(List.of("--port", "9000", "--data-dir", "/tmp/p", "--upstream", "http://127.0.0.1:3000"), java.util.Map.of()))
                .as("options the bundled server takes").isNull();
        // the same options from the environment, which the server's command line reads too
        assertThat(Launcher.serverOnly(List.of(), java.util.Map.of("PALISADE_CONFIG", "/etc/palisade.yaml")))
                .startsWith("PALISADE_CONFIG (--config) is an option of palisade-server");
        assertThat(Launcher.serverOnly(List.of(), java.util.Map.of("PALISADE_ADD_USER", "alice"))).contains("--add-user");
        assertThat(Launcher.serverOnly(List.of(), java.util.Map.of("PALISADE_CONFIG", " ", "PALISADE_PORT", "9000"))).isNull();
    }
}
