package dev.palisade;

import dev.palisade.config.UnfinishedConfig;
import dev.palisade.store.PrivateFiles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A review's find: whoever owns the data directory (the service's user) could plant a link at a name a start uses for a
 * moment (`config.applying.new`, `admin.token.next`, `tls/self-signed.key.new`, an export's `.FILE.new`), and a command
 * run as root on the directory wrote through it into whatever file it named. Each is written as a new file now.
 */
class PlantedLinksTest {

    @TempDir
    Path dir;

    private Path victim() throws Exception {
        Path victim = Files.writeString(dir.resolve("victim"), "root's own\n");
        Files.setPosixFilePermissions(victim, PosixFilePermissions.fromString("rw-------"));
        return victim;
    }

    @Test
    void noFileAStartWritesForAMomentIsWrittenThroughALinkPlantedThere() throws Exception {
        Path victim = victim();
        Path data = Files.createDirectories(dir.resolve("data"));
        Files.createSymbolicLink(data.resolve(UnfinishedConfig.FILE_NAME + ".new"), victim);
        UnfinishedConfig.begin(data, "palisade.yaml");
        assertThat(UnfinishedConfig.of(data)).isEqualTo("palisade.yaml");

        Files.createSymbolicLink(data.resolve(DataDirectory.UPSTREAM_KEY_FILE + ".next"), victim);
        DataDirectory.replaceUpstreamKey(data, new byte[32]);
        assertThat(DataDirectory.upstreamKey(data)).hasSize(32);

        Path tls = Files.createDirectories(data.resolve("tls"));
        Files.createSymbolicLink(tls.resolve("self-signed.key.new"), victim);
        Files.createSymbolicLink(tls.resolve("self-signed.crt.new"), victim);
        dev.palisade.http.tls.SelfSignedCertificate.forNames(data, java.util.List.of("localhost"), java.time.Instant.now());

        assertThat(victim).hasContent("root's own");
        assertThat(Files.isSymbolicLink(victim)).isFalse();
    }

    @Test
    void anExportIsWrittenBesideItsFileNeverThroughALinkThereAndKeepsTheFilesMode() throws Exception {
        Path victim = victim();
        Path target = Files.writeString(dir.resolve("palisade.yaml"), "settings: {}\n");
        Files.setPosixFilePermissions(target, PosixFilePermissions.fromString("rw-r-----"));
        var group = Files.readAttributes(target, java.nio.file.attribute.PosixFileAttributes.class).group();
        if ("root".equals(System.getProperty("user.name"))) { // as a root export over a config the service reads through its group
            group = target.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByGroupName("daemon");
            Files.getFileAttributeView(target, java.nio.file.attribute.PosixFileAttributeView.class).setGroup(group);
        }
        Files.createSymbolicLink(dir.resolve(".palisade.yaml.new"), victim);
        PrivateFiles.replaceKeeping(target, "windows: []\n".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        assertThat(target).hasContent("windows: []");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(target))).isEqualTo("rw-r-----");
        assertThat(Files.readAttributes(target, java.nio.file.attribute.PosixFileAttributes.class).group()).isEqualTo(group);
        assertThat(victim).hasContent("root's own");
        assertThat(dir.resolve(".palisade.yaml.new")).doesNotExist();
        // a link the operator named is followed to the file it names, as writing to it would
        Path link = Files.createSymbolicLink(dir.resolve("current.yaml"), target);
        PrivateFiles.replaceKeeping(link, "rules: []\n".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        assertThat(Files.isSymbolicLink(link)).isTrue();
        assertThat(target).hasContent("rules: []");
    }
}
