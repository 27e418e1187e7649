package dev.palisade;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The data directory's key files: made whole or not at all, and refused when they hold no usable key. */
class DataDirectoryTest {

    @TempDir
    Path dir;

    @Test
    void theUpstreamKeyIsMadeAtFirstUseAndKept() throws IOException {
        byte[] first = DataDirectory.upstreamKey(dir);
        assertThat(first).hasSize(32);
        assertThat(DataDirectory.upstreamKey(dir)).isEqualTo(first);
        try (var files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactly(DataDirectory.UPSTREAM_KEY_FILE);
        }
    }

    /*
     * The file was made empty and then written: a server killed between the two left it empty, and every
     * later start signed forwarded calls with an empty key (each one failed) while its health said ok.
     */
    @Test
    void anEmptyUpstreamKeyFileIsAKeyNeverMadeAndIsMadeNow() throws IOException {
        Files.writeString(dir.resolve(DataDirectory.UPSTREAM_KEY_FILE), "\n", StandardCharsets.US_ASCII);
        assertThat(DataDirectory.upstreamKey(dir)).hasSize(32);
        assertThat(DataDirectory.upstreamKey(dir)).as("and kept").isEqualTo(DataDirectory.upstreamKey(dir));
    }

    @Test
    void anUpstreamKeyFileHoldingNoUsableKeyIsRefusedByName() throws IOException {
        Path file = dir.resolve(DataDirectory.UPSTREAM_KEY_FILE);
        for (String held : new String[] {"not base64!", java.util.Base64.getEncoder().encodeToString(new byte[16])}) {
            Files.writeString(file, held + "\n", StandardCharsets.US_ASCII);
            assertThatThrownBy(() -> DataDirectory.upstreamKey(dir)).as(held).isInstanceOf(IOException.class)
                    .hasMessageContaining(file.toString()).hasMessageContaining("32 bytes")
                    .hasMessageNotContaining(held);
        }
    }

    /* Audit 52: a rotation's second line added here (as the apps' copy takes it) was met with "delete it", unpairing every app. */
    @Test
    void anUpstreamKeyFileGivenARotationsSecondLineSaysToPutItBackNotToDeleteIt() throws IOException {
        Path file = dir.resolve(DataDirectory.UPSTREAM_KEY_FILE);
        String key = java.util.Base64.getEncoder().encodeToString(new byte[32]);
        Files.writeString(file, key + "\n" + key + "\n", StandardCharsets.US_ASCII);
        assertThatThrownBy(() -> DataDirectory.upstreamKey(dir)).isInstanceOf(IOException.class)
                .hasMessageContaining("if you added a line for a key rotation, put the lines back")
                .hasMessageContaining("delete it only to make a new key").hasMessageNotContaining(key);
    }

    @Test
    void anEmptyAdminTokenFileIsATokenNeverMadeAndIsMadeNow() throws IOException {
        Files.writeString(dir.resolve(DataDirectory.ADMIN_TOKEN_FILE), "", StandardCharsets.US_ASCII);
        String token = DataDirectory.adminToken(dir);
        assertThat(token).hasSizeGreaterThanOrEqualTo(32);
        assertThat(DataDirectory.adminToken(dir)).isEqualTo(token);
    }

    /* Found in a durability probe: an admin.token that was a directory stopped the start with "Is a directory", naming nothing. */
    @Test
    void anAdminTokenThatIsADirectoryIsRefusedByName() throws IOException {
        Path file = dir.resolve(DataDirectory.ADMIN_TOKEN_FILE);
        Files.createDirectory(file);
        assertThatThrownBy(() -> DataDirectory.adminToken(dir)).isInstanceOf(IOException.class)
                .hasMessageStartingWith(file + " is not a file");
    }

    /*
     * Found in a cluster probe: on a cluster node's data directory, --add-user without the node's
     * --cluster options said "User erin created" into the node's own database, which holds only events,
     * and --export-config wrote defaults: neither reached the cluster.
     */
    @Test
    void aClusterNodesDirectoryIsRefusedToCommandsGivenWithoutTheCluster() throws Exception {
        PalisadeServer.start(ServerConfig.defaults().withDataDir(dir).withPorts(0, 0)).close();
        Files.writeString(dir.resolve(DataDirectory.NODE_ID_FILE), "node-a\n"); // as a node's first start leaves it
        java.io.InputStream stdin = System.in;
        try {
            System.setIn(new java.io.ByteArrayInputStream("erin's long password\n".getBytes(StandardCharsets.UTF_8)));
            java.io.ByteArrayOutputStream err = new java.io.ByteArrayOutputStream();
            assertThat(PalisadeMain.run(new String[] {"--data-dir", dir.toString(), "--add-user", "erin"},
                    new java.io.PrintStream(new java.io.ByteArrayOutputStream()), new java.io.PrintStream(err, true, StandardCharsets.UTF_8)))
                    .isNotZero();
            assertThat(err.toString(StandardCharsets.UTF_8)).contains("cluster node's data directory").contains("--cluster");
        } finally {
            System.setIn(stdin);
        }
        java.io.ByteArrayOutputStream err = new java.io.ByteArrayOutputStream();
        assertThat(PalisadeMain.run(new String[] {"--data-dir", dir.toString(), "--export-config", "-"},
                new java.io.PrintStream(new java.io.ByteArrayOutputStream()), new java.io.PrintStream(err, true, StandardCharsets.UTF_8)))
                .isNotZero();
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("cluster node's data directory");
    }
}
