package dev.palisade;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** One process at a time on a data directory: a second server, or a one-shot command beside a running one, is refused. */
class ServerLockTest {

    @TempDir
    Path dir;

    /** Holds the lock of the directory in its first argument until it is killed: another process, as a running server is. */
    public static final class Holder {
        public static void main(String[] args) throws Exception {
            ServerLock.take(Path.of(args[0]));
            System.out.println("held");
            System.out.flush();
            Thread.sleep(60_000);
        }
    }

    /*
     * An audit's find: whoever owns the data directory (the service's user) could put a link at server.lock, and a
     * command run as root on the directory opened, created or chowned (to that user) whatever the link named.
     */
    @Test
    void aLinkOrFifoAtTheLockFileIsRefusedAndWhatALinkNamesLeftAlone() throws Exception {
        Path data = java.nio.file.Files.createDirectories(dir.resolve("data"));
        Path victim = java.nio.file.Files.writeString(dir.resolve("victim"), "root's own\n");
        java.nio.file.Files.setPosixFilePermissions(victim, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
        var ownerBefore = java.nio.file.Files.getOwner(victim);
        java.nio.file.Files.createSymbolicLink(data.resolve(ServerLock.FILE_NAME), victim);
        assertThatThrownBy(() -> ServerLock.take(data)).isInstanceOf(java.io.IOException.class)
                .hasMessageContaining("is a symbolic link").hasMessageContaining("Remove it");
        Path missing = dir.resolve("not-there");
        java.nio.file.Files.delete(data.resolve(ServerLock.FILE_NAME));
        java.nio.file.Files.createSymbolicLink(data.resolve(ServerLock.FILE_NAME), missing);
        assertThatThrownBy(() -> ServerLock.take(data)).hasMessageContaining("is a symbolic link");
        assertThat(missing).as("nothing made where a link pointed").doesNotExist();
        java.nio.file.Files.delete(data.resolve(ServerLock.FILE_NAME));
        // a hard link is the file itself: it may serve as the lock (a snapshot made with cp -al), but is never given away
        java.nio.file.Files.createLink(data.resolve(ServerLock.FILE_NAME), victim);
        ServerLock.take(data).close();
        assertThat(java.nio.file.Files.getOwner(victim)).isEqualTo(ownerBefore);
        assertThat(victim).hasContent("root's own");
        java.nio.file.Files.delete(data.resolve(ServerLock.FILE_NAME));
        // a FIFO would have held the open for good
        Process fifo = new ProcessBuilder("mkfifo", data.resolve(ServerLock.FILE_NAME).toString()).start();
        assertThat(fifo.waitFor()).isZero();
        assertThatThrownBy(() -> ServerLock.take(data)).hasMessageContaining("is not a plain file");
        java.nio.file.Files.delete(data.resolve(ServerLock.FILE_NAME));
        ServerLock.take(data).close(); // once removed, a server makes it again
        assertThat(java.nio.file.Files.isRegularFile(data.resolve(ServerLock.FILE_NAME), java.nio.file.LinkOption.NOFOLLOW_LINKS)).isTrue();
    }

    /* Reviews found name after name a root-run command on the service's directory could be led through: root works in root's alone. */
    @Test
    void rootIsRefusedADataDirectoryAnotherUserOwns() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue("root".equals(System.getProperty("user.name")), "only root is refused");
        Path data = java.nio.file.Files.createDirectories(dir.resolve("service"));
        java.nio.file.Files.setOwner(data, data.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName("nobody"));
        assertThatThrownBy(() -> ServerLock.take(data)).hasMessageContaining("belongs to nobody")
                .hasMessageContaining("sudo -u nobody palisade-server");
        assertThat(data.resolve(ServerLock.FILE_NAME)).as("nothing made there").doesNotExist();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        InputStream stdin = System.in;
        try {
            System.setIn(new ByteArrayInputStream("a long password\n".getBytes(StandardCharsets.UTF_8)));
            assertThat(PalisadeMain.run(new String[] {"--data-dir", data.toString(), "--add-user", "ops"},
                    new PrintStream(new ByteArrayOutputStream()), new PrintStream(err))).isNotZero();
        } finally {
            System.setIn(stdin);
        }
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("belongs to nobody").doesNotContain("\tat ");
        // a backup takes no lock (it copies under a running server): it is refused all the same
        err.reset();
        assertThat(PalisadeMain.run(new String[] {"--data-dir", data.toString(), "--backup", dir.resolve("copy.db").toString()},
                new PrintStream(new ByteArrayOutputStream()), new PrintStream(err))).isNotZero();
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("belongs to nobody");
        assertThat(dir.resolve("copy.db")).doesNotExist();
    }

    /*
     * A review's find: the rule looked at the directory's owner alone. Root's own directory that a group or everyone
     * may write, or that lies in a folder another user owns (who can move it and put their own in its place), leads
     * root as far; an owner without a name was suggested as sudo -u 4242, which sudo reads as a name.
     */
    @Test
    void rootIsRefusedADirectoryOthersMayWriteOrMoveAndTheOwnersNumberIsSuggestedAsSudoTakesIt() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(RunningAs.root(), "only root is refused");
        var lookup = dir.getFileSystem().getUserPrincipalLookupService();
        Path shared = java.nio.file.Files.createDirectories(dir.resolve("shared"));
        java.nio.file.Files.writeString(shared.resolve("notes.txt"), "in use"); // not a new directory
        java.nio.file.Files.getFileAttributeView(shared, java.nio.file.attribute.PosixFileAttributeView.class)
                .setGroup(lookup.lookupPrincipalByGroupName("daemon"));
        java.nio.file.Files.setPosixFilePermissions(shared, java.nio.file.attribute.PosixFilePermissions.fromString("rwxrwx---"));
        assertThatThrownBy(() -> ServerLock.take(shared)).hasMessageContaining("may be written by group daemon")
                .hasMessageContaining("chmod go-w");
        assertThat(shared.resolve(ServerLock.FILE_NAME)).as("nothing made there").doesNotExist();
        java.nio.file.Files.setPosixFilePermissions(shared, java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-x---"));
        ServerLock.take(shared).close(); // root's alone again
        assertThat(new ProcessBuilder("chmod", "1777", shared.toString()).start().waitFor()).isZero();
        assertThatThrownBy(() -> ServerLock.take(shared)).as("sticky or not, anyone may put a name in it")
                .hasMessageContaining("may be written by every user");

        Path home = java.nio.file.Files.createDirectories(dir.resolve("home"));
        java.nio.file.Files.setOwner(home, lookup.lookupPrincipalByName("nobody"));
        Path inside = java.nio.file.Files.createDirectories(home.resolve("data"));
        assertThatThrownBy(() -> ServerLock.take(inside)).hasMessageContaining("lies in " + home + ", which the user nobody may change")
                .hasMessageContaining("sudo -u nobody");
        assertThat(inside.resolve(ServerLock.FILE_NAME)).doesNotExist();
        assertThatThrownBy(() -> ServerLock.take(home.resolve("new"))).hasMessageContaining("which the user nobody may change");
        assertThat(home.resolve("new")).as("nothing made there before the refusal").doesNotExist();
        // reached through a link in that folder: the link, not where it leads, is what its owner may change
        Path elsewhere = java.nio.file.Files.createDirectories(dir.resolve("elsewhere"));
        Path link = java.nio.file.Files.createSymbolicLink(home.resolve("link"), elsewhere);
        assertThatThrownBy(() -> ServerLock.take(link)).hasMessageContaining("which the user nobody may change");
        ByteArrayOutputStream said = new ByteArrayOutputStream();
        assertThat(PalisadeMain.run(new String[] {"--data-dir", link.toString(), "--backup", dir.resolve("via-link.db").toString()},
                new PrintStream(new ByteArrayOutputStream()), new PrintStream(said))).as("a backup takes no lock: asked too").isNotZero();
        assertThat(said.toString(StandardCharsets.UTF_8)).contains("which the user nobody may change");
        // a link root owns in root's folders leads nowhere another may change (as /var/run to /run)
        Path rootsLink = java.nio.file.Files.createSymbolicLink(dir.resolve("roots-link"), elsewhere);
        ServerLock.take(rootsLink).close();

        // a link another user owns, in a sticky folder (where only they may re-point it), on the way
        Path sticky = java.nio.file.Files.createDirectories(dir.resolve("sticky"));
        assertThat(new ProcessBuilder("chmod", "1777", sticky.toString()).start().waitFor()).isZero();
        Path theirs = java.nio.file.Files.createSymbolicLink(sticky.resolve("theirs"), elsewhere);
        assertThat(new ProcessBuilder("chown", "-h", "nobody", theirs.toString()).start().waitFor()).isZero();
        assertThatThrownBy(() -> ServerLock.take(theirs.resolve("data"))).hasMessageContaining("goes through " + theirs)
                .hasMessageContaining("a link the user nobody may re-point");
        assertThat(elsewhere.resolve("data")).as("nothing made through it").doesNotExist();

        // root's own empty directory that anyone may write (a container's volume) is made root's alone, not refused
        Path volume = java.nio.file.Files.createDirectories(dir.resolve("volume"));
        java.nio.file.Files.setPosixFilePermissions(volume, java.nio.file.attribute.PosixFilePermissions.fromString("rwxrwxrwx"));
        ServerLock.take(volume).close();
        assertThat(java.nio.file.Files.getPosixFilePermissions(volume))
                .isEqualTo(java.nio.file.attribute.PosixFilePermissions.fromString("rwx------"));
        // one that holds something already is refused, and left as it was: the next start refuses it too
        Path used = java.nio.file.Files.createDirectories(dir.resolve("used"));
        java.nio.file.Files.writeString(used.resolve("planted"), "");
        java.nio.file.Files.setPosixFilePermissions(used, java.nio.file.attribute.PosixFilePermissions.fromString("rwxrwxrwx"));
        assertThatThrownBy(() -> ServerLock.take(used)).hasMessageContaining("holds files already");
        assertThatThrownBy(() -> ServerLock.take(used)).hasMessageContaining("holds files already");

        // a data directory whose folders are not there yet (a new machine's /srv/palisade/data) is made, as before
        Path fresh = dir.resolve("srv").resolve("palisade").resolve("data");
        ServerLock.take(fresh).close();
        assertThat(java.nio.file.Files.getPosixFilePermissions(fresh))
                .isEqualTo(java.nio.file.attribute.PosixFilePermissions.fromString("rwx------"));

        Path nameless = java.nio.file.Files.createDirectories(dir.resolve("nameless"));
        new ProcessBuilder("chown", "4242", nameless.toString()).start().waitFor();
        assertThatThrownBy(() -> ServerLock.take(nameless)).hasMessageContaining("belongs to 4242")
                .hasMessageContaining("sudo -u '#4242' palisade-server");
    }

    @Test
    void anotherProcessHoldingTheDirectoryRefusesAddUserUntilItIsKilled() throws Exception {
        Process holder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), Holder.class.getName(), dir.toString())
                .redirectErrorStream(true).start();
        try {
            BufferedReader said = new BufferedReader(new InputStreamReader(holder.getInputStream(), StandardCharsets.UTF_8));
            assertThat(said.readLine()).isEqualTo("held");

            ByteArrayOutputStream err = new ByteArrayOutputStream();
            assertThat(addUser("ops", err)).isEqualTo(2);
            assertThat(err.toString(StandardCharsets.UTF_8)).startsWith("palisade: a Palisade server is running on " + dir)
                    .contains("POST /admin/users").doesNotContain("\tat ");
            assertThatThrownBy(() -> ServerLock.take(dir)).isInstanceOf(ServerLock.Held.class);
        } finally {
            holder.destroyForcibly(); // killed: the system lets its lock go
            holder.waitFor(10, TimeUnit.SECONDS);
        }
        assertThat(addUser("ops", new ByteArrayOutputStream())).as("nothing left to clean up").isZero();
    }

    @Test
    void aRunningServerRefusesASecondServerAndTheOneShotsOnItsDirectoryAndLetsGoWhenItStops() throws Exception {
        PalisadeServer running = PalisadeServer.start(ServerConfig.defaults().withDataDir(dir).withPorts(0, 0));
        try {
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            int code = PalisadeMain.run(new String[] {"--data-dir", dir.toString(), "--port", "0", "--admin-port", "0"},
                    new PrintStream(new ByteArrayOutputStream()), new PrintStream(err));
            assertThat(code).isEqualTo(1);
            assertThat(err.toString(StandardCharsets.UTF_8)).contains("a Palisade server is running on " + dir)
                    .contains("choose another with --data-dir").doesNotContain("\tat ");

            err.reset();
            assertThat(addUser("ops", err)).isEqualTo(2);
            assertThat(err.toString(StandardCharsets.UTF_8)).contains("POST /admin/users");
            assertThat(running.engine().users().get("ops")).as("nothing written beside the server").isNull();

            err.reset();
            assertThat(PalisadeMain.run(new String[] {"--data-dir", dir.toString(), "--export-config", "-"},
                    new PrintStream(new ByteArrayOutputStream()), new PrintStream(err))).isEqualTo(2);
            assertThat(err.toString(StandardCharsets.UTF_8)).contains("GET /admin/config/export");
        } finally {
            running.close();
        }
        assertThat(addUser("ops", new ByteArrayOutputStream())).as("once it stopped").isZero();
        PalisadeServer.start(ServerConfig.defaults().withDataDir(dir).withPorts(0, 0)).close();
    }

    /*
     * --export-config ran an engine on the database itself: it wrote its own start and stop events,
     * swept sessions and events, brought the schema up to date and took the unclean-stop mark.
     */
    @Test
    void anExportLeavesTheDatabaseAsItWas() throws Exception {
        PalisadeServer.start(ServerConfig.defaults().withDataDir(dir).withPorts(0, 0)).close();
        long before;
        try (dev.palisade.store.sqlite.SqliteStore store = dev.palisade.store.sqlite.SqliteStore.open(dir)) {
            before = store.lastEventId();
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        assertThat(PalisadeMain.run(new String[] {"--data-dir", dir.toString(), "--export-config", "-"},
                new PrintStream(out), new PrintStream(new ByteArrayOutputStream()))).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("settings:");
        try (dev.palisade.store.sqlite.SqliteStore store = dev.palisade.store.sqlite.SqliteStore.open(dir)) {
            assertThat(store.lastEventId()).as("no event of the export's own").isEqualTo(before);
        }
        try (var left = java.nio.file.Files.list(dir)) {
            assertThat(left.map(p -> p.getFileName().toString())).as("its copy deleted").noneMatch(n -> n.startsWith(".export-"));
        }
    }

    private int addUser(String name, ByteArrayOutputStream err) {
        InputStream stdin = System.in;
        try {
            System.setIn(new ByteArrayInputStream("a long password\n".getBytes(StandardCharsets.UTF_8)));
            return PalisadeMain.run(new String[] {"--data-dir", dir.toString(), "--add-user", name},
                    new PrintStream(new ByteArrayOutputStream()), new PrintStream(err));
        } finally {
            System.setIn(stdin);
        }
    }
}
