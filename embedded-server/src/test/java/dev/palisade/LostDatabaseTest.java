package dev.palisade;

import dev.palisade.store.sqlite.SqliteStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/*
 * Found in a durability probe: a data directory whose palisade.db was deleted (or left empty by a power
 * cut) started as a new one, without a word: no users, new signing keys, the shipped blacklist back,
 * every change made there gone for good.
 */
class LostDatabaseTest {

    @TempDir
    Path dir;

    private void ranBefore() throws Exception {
        try (PalisadeServer server = PalisadeServer.start(ServerConfig.defaults().withDataDir(dir).withPorts(0, 0))) {
            server.engine().operator(dev.palisade.engine.admin.Actor.OWNER).createUser("alice", "a long password".toCharArray());
        }
    }

    /** What a start says, as the terminal shows it; a start that succeeds is stopped at once (and fails the test). */
    private String start() {
        try {
            PalisadeServer.start(ServerConfig.defaults().withDataDir(dir).withPorts(0, 0)).close();
            return "started";
        } catch (Exception e) {
            return CommandLine.startFailure(e);
        }
    }

    private void deleteTheDatabase() throws Exception {
        for (String suffix : new String[] {"", "-wal", "-shm"}) Files.deleteIfExists(dir.resolve(SqliteStore.FILE_NAME + suffix));
    }

    @Test
    void aDirectoryAServerRanInIsNotStartedAfreshWhenItsDatabaseIsGone() throws Exception {
        ranBefore();
        deleteTheDatabase();
        assertThat(start()).contains(dir.resolve(SqliteStore.FILE_NAME) + " is missing")
                .contains("Restore palisade.db from a backup").contains("move admin.token away too (and the console's demo.password");
        assertThat(dir.resolve(SqliteStore.FILE_NAME)).as("no new database made").doesNotExist();

        ByteArrayOutputStream err = new ByteArrayOutputStream();
        assertThat(addUser(err)).as("--add-user would begin afresh too").isNotZero();
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("is missing");
        assertThat(dir.resolve(SqliteStore.FILE_NAME)).doesNotExist();

        Files.createFile(dir.resolve(SqliteStore.FILE_NAME)); // what a power cut may leave
        assertThat(start()).contains(SqliteStore.FILE_NAME + " is empty");
    }

    @Test
    void aFirstStartAndADirectoryBegunAfreshOnPurposeStart() throws Exception {
        PalisadeServer.start(ServerConfig.defaults().withDataDir(dir).withPorts(0, 0)).close();
        assertThat(dir.resolve(SqliteStore.FILE_NAME)).exists();
        deleteTheDatabase();
        Files.move(dir.resolve(DataDirectory.ADMIN_TOKEN_FILE), dir.resolve("admin.token.old"));
        try (PalisadeServer again = PalisadeServer.start(ServerConfig.defaults().withDataDir(dir).withPorts(0, 0))) {
            assertThat(again.engine().users().list()).isEmpty();
        }
    }

    /** The codes of the system events stored so far. */
    private static java.util.List<String> systemEvents(PalisadeServer server) throws Exception {
        server.engine().events().awaitWritten(10_000);
        return server.store().queryEvents(dev.palisade.engine.event.EventQuery.latest(100)).stream()
                .filter(e -> e.type() == dev.palisade.engine.event.EventType.SYSTEM).map(dev.palisade.engine.event.Event::code).toList();
    }

    /*
     * Found in a durability probe: a deleted admin.token was made anew at the next start without a word,
     * and one readable by every user of the machine (whoever reads it is the owner) was taken silently.
     */
    @Test
    void aTokenMadeAgainOrReadableByOthersIsAnEvent() throws Exception {
        ranBefore();
        Files.delete(dir.resolve(DataDirectory.ADMIN_TOKEN_FILE));
        try (PalisadeServer server = PalisadeServer.start(ServerConfig.defaults().withDataDir(dir).withPorts(0, 0))) {
            assertThat(systemEvents(server)).contains("owner_token_made").doesNotContain("owner_token_exposed");
        }
        Files.setPosixFilePermissions(dir.resolve(DataDirectory.ADMIN_TOKEN_FILE),
                java.nio.file.attribute.PosixFilePermissions.fromString("rw-r--r--"));
        assertThat(DataDirectory.exposedAdminToken(dir)).as("in a folder only its owner enters (Palisade's own 0700)").isNull();
        Files.setPosixFilePermissions(dir, java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
        try (PalisadeServer server = PalisadeServer.start(ServerConfig.defaults().withDataDir(dir).withPorts(0, 0))) {
            java.util.List<String> codes = systemEvents(server);
            assertThat(codes).contains("owner_token_exposed");
            assertThat(codes.stream().filter("owner_token_made"::equals)).as("the token was there this time").hasSize(1);
        }
        assertThat(DataDirectory.exposedAdminToken(dir)).contains("rw-r--r--").contains("chmod 600");
        // a folder open to a group: the token's group may not be the folder's, so its own bits decide
        Files.setPosixFilePermissions(dir, java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-x---"));
        assertThat(DataDirectory.exposedAdminToken(dir)).contains("rw-r--r--");
    }

    /*
     * Audit persist55 M2: a database put back by hand (cp under umask 022: 0644) in a folder others may enter was served
     * as it was, its journal files made 0644 too, with the signing keys, salts and password hashes open to every user of
     * the machine; only admin.token was looked at. The start makes them owner-only and says so.
     */
    @Test
    void aDatabaseOthersCouldReadIsMadeOwnerOnlyAtStartAndToldAsAnEvent() throws Exception {
        ranBefore();
        Path db = dir.resolve(SqliteStore.FILE_NAME);
        Files.setPosixFilePermissions(db, java.nio.file.attribute.PosixFilePermissions.fromString("rw-r--r--"));
        Files.setPosixFilePermissions(dir, java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
        try (PalisadeServer server = PalisadeServer.start(ServerConfig.defaults().withDataDir(dir).withPorts(0, 0))) {
            assertThat(java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(db))).isEqualTo("rw-------");
            for (String journal : java.util.List.of("-wal", "-shm")) {
                Path file = dir.resolve(SqliteStore.FILE_NAME + journal);
                if (Files.exists(file)) {
                    assertThat(java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
                            .as(journal).isEqualTo("rw-------");
                }
            }
            server.engine().events().awaitWritten(10_000);
            assertThat(server.store().queryEvents(dev.palisade.engine.event.EventQuery.latest(100)))
                    .filteredOn(e -> e.code().equals("secrets_exposed")).singleElement()
                    .satisfies(e -> assertThat(e.detail()).contains("palisade.db (rw-r--r--)").contains("POST /admin/keys/rotate"));
        }
        try (PalisadeServer server = PalisadeServer.start(ServerConfig.defaults().withDataDir(dir).withPorts(0, 0))) {
            assertThat(systemEvents(server).stream().filter("secrets_exposed"::equals)).as("owner-only since: told once").hasSize(1);
        }
    }

    /* A review found a directory from before the mark silent when its token went: the next start marks it. */
    @Test
    void aDirectoryFromBeforeTheMarkIsMarkedAtItsNextStart() throws Exception {
        ranBefore();
        try (java.sql.Connection c = java.sql.DriverManager.getConnection("jdbc:sqlite:" + dir.resolve(SqliteStore.FILE_NAME));
             java.sql.Statement sql = c.createStatement()) {
            assertThat(sql.executeUpdate("DELETE FROM settings WHERE name = 'owner_token.made_at'")).isEqualTo(1);
        }
        PalisadeServer.start(ServerConfig.defaults().withDataDir(dir).withPorts(0, 0)).close(); // as the upgraded version starts
        Files.delete(dir.resolve(DataDirectory.ADMIN_TOKEN_FILE));
        try (PalisadeServer server = PalisadeServer.start(ServerConfig.defaults().withDataDir(dir).withPorts(0, 0))) {
            assertThat(systemEvents(server)).contains("owner_token_made");
        }
    }

    /* A review found the event on the README's own first set-up: --add-user makes the database, not the token. */
    @Test
    void aFirstStartAfterAddUserMakesTheTokenWithoutSayingItWasMadeAgain() throws Exception {
        assertThat(addUser(new ByteArrayOutputStream())).isZero();
        assertThat(dir.resolve(DataDirectory.ADMIN_TOKEN_FILE)).doesNotExist();
        try (PalisadeServer server = PalisadeServer.start(ServerConfig.defaults().withDataDir(dir).withPorts(0, 0))) {
            assertThat(systemEvents(server)).doesNotContain("owner_token_made", "owner_token_exposed");
        }
    }

    private int addUser(ByteArrayOutputStream err) {
        InputStream stdin = System.in;
        try {
            System.setIn(new ByteArrayInputStream("a long password\n".getBytes(StandardCharsets.UTF_8)));
            return PalisadeMain.run(new String[] {"--data-dir", dir.toString(), "--add-user", "bob"},
                    new PrintStream(new ByteArrayOutputStream()), new PrintStream(err));
        } finally {
            System.setIn(stdin);
        }
    }
}
