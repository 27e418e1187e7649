package dev.palisade;

import com.fasterxml.jackson.databind.JsonNode;
import dev.palisade.http.ServerFixture;
import dev.palisade.store.sqlite.SqliteStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code palisade-server --backup FILE} against a running server with traffic, and the restore the
 * README describes: the copy passes SQLite's integrity check, and a server started on it has the
 * users, sessions, settings and blacklist of the moment of the backup, and nothing added after.
 */
class BackupTest {

    @TempDir
    Path live;
    @TempDir
    Path restored;
    @TempDir
    Path backups;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(String... args) {
        return PalisadeMain.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    @Test
    void aBackupTakenUnderTrafficRestoresWhatWasThere() throws Exception {
        Path copy = backups.resolve("palisade-backup.db");
        String token;
        String sessionId;
        ServerFixture a = new ServerFixture(live);
        try {
            token = a.token("alice");
            sessionId = a.sessionOf(token);
            assertThat(a.adminCall("PUT", "/admin/config", "{\"sessionIdleTtlSeconds\":7200}").code()).isEqualTo(200);
            assertThat(a.adminCall("POST", "/admin/blacklist",
                    "{\"kind\":\"ip\",\"value\":\"203.0.113.0/24\",\"reason\":\"backup test\"}").code()).isEqualTo(201);

            // traffic while the backup runs: signed calls and refusals (events written), logins (sessions written)
            AtomicBoolean stop = new AtomicBoolean();
            AtomicInteger calls = new AtomicInteger();
            List<Throwable> failures = new ArrayList<>();
            Thread traffic = new Thread(() -> {
                try {
                    for (int i = 0; !stop.get() && i < 2_000; i++) {
                        // the server's clock moves a second every four calls: within every rate window however fast
                        // this machine sends (a frozen clock put all of them in one second: 429 after twenty)
                        if (i % 4 == 3) a.clock.advance(java.time.Duration.ofSeconds(1));
                        assertThat(a.get(a.api("/api/notes"), token).code()).isEqualTo(200);
                        assertThat(a.get(a.api("/api/notes"), null).code()).isEqualTo(401);
                        if (i % 10 == 0) a.token("bob");
                        calls.incrementAndGet();
                    }
                } catch (Throwable t) {
                    failures.add(t);
                }
            }, "backup-test-traffic");
            traffic.start();
            while (calls.get() < 5 && traffic.isAlive()) Thread.onSpinWait();
            int code = run("--data-dir", live.toString(), "--backup", copy.toString());
            stop.set(true);
            traffic.join(30_000);
            assertThat(failures).isEmpty();
            assertThat(code).as(err.toString(StandardCharsets.UTF_8)).isZero();
            assertThat(out.toString(StandardCharsets.UTF_8)).contains("written to " + copy, "integrity ok");
            assertThat(calls.get()).isGreaterThan(5);

            a.ensureUser("late"); // after the backup: not in the copy
        } finally {
            a.close();
        }
        assertThat(integrity(copy)).isEqualTo("ok");
        assertThat(java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(copy)))
                .as("password hashes and signing keys: owner-only").isEqualTo("rw-------");

        long copyLastEventId;
        try (java.sql.Connection c = java.sql.DriverManager.getConnection("jdbc:sqlite:" + copy);
             java.sql.ResultSet rs = c.createStatement().executeQuery("SELECT MAX(id) FROM events")) {
            copyLastEventId = rs.next() ? rs.getLong(1) : 0;
        }
        // the restore, as the README says: the server stopped, the copy over palisade.db, no -wal or -shm
        Files.copy(copy, restored.resolve(SqliteStore.FILE_NAME));
        try (ServerFixture b = new ServerFixture(restored)) {
            List<String> users = new ArrayList<>();
            b.adminCall("GET", "/admin/users", null).json().get("items").forEach(u -> users.add(u.get("username").asText()));
            assertThat(users).contains("alice", "bob").doesNotContain("late");
            assertThat(b.adminCall("GET", "/admin/config", null).json().get("sessionIdleTtlSeconds").asInt()).isEqualTo(7200);
            assertThat(b.adminCall("GET", "/admin/blacklist", null).json().get("items"))
                    .anySatisfy(e -> assertThat(e.get("value").asText()).isEqualTo("203.0.113.0/24"));
            JsonNode session = b.adminCall("GET", "/admin/sessions/" + sessionId, null).json();
            assertThat(session.get("user").asText()).isEqualTo("alice");
            // alice's browser goes on where it was: her token, signed with the key agreed at login, is served
            ServerFixture.Reply call = b.send(a.request("GET", b.api("/api/notes"), null, token).build());
            assertThat(call.code()).as(call.toString()).isEqualTo(200);

            // the first start from the copy says it is one, not that a run was killed; its ids skip those the
            // server copied from may have handed out after the copy
            JsonNode restoredEvent = awaitEvent(b, "restored_backup");
            assertThat(restoredEvent.get("detail").asText()).contains("backup");
            assertThat(b.adminCall("GET", "/admin/events?type=system&code=unclean_stop", null).json().get("items")).isEmpty();
            assertThat(restoredEvent.get("id").asLong()).isGreaterThan(copyLastEventId + 1_000_000);
        }
        try (ServerFixture c = new ServerFixture(restored)) { // and the start after it is an ordinary one
            assertThat(awaitEvent(c, "engine_started").get("id").asLong()).isGreaterThan(copyLastEventId + 1_000_000);
            assertThat(c.adminCall("GET", "/admin/events?type=system&code=restored_backup", null).json().get("items"))
                    .as("said once").hasSize(1);
            assertThat(c.adminCall("GET", "/admin/events?type=system&code=unclean_stop", null).json().get("items")).isEmpty();
        }
    }

    /**
     * {@code --restore FILE} as the README says: a server killed after the copy left a {@code -wal} (its latest
     * changes) that SQLite would play over a copy put in place by hand; the command moves the replaced database
     * aside with it, so the server starts on the copy alone, and the replaced one keeps everything it had.
     */
    @Test
    void aRestorePutsTheCopyInPlaceAndKeepsTheReplacedDatabaseWithItsWal(@TempDir Path aside) throws Exception {
        Path copy = backupThenAddCarol(aside.resolve("wal"));
        Path wal = live.resolve(SqliteStore.FILE_NAME + "-wal");
        Files.copy(aside.resolve("wal"), wal);

        assertThat(run("--data-dir", live.toString(), "--restore", copy.toString())).as(err.toString()).isZero();

        assertThat(out.toString()).contains("Restored " + copy).contains("integrity ok").contains("restored_backup");
        assertThat(wal).doesNotExist();
        assertThat(live.resolve(SqliteStore.FILE_NAME + "-shm")).doesNotExist();
        List<Path> kept;
        try (var files = Files.list(live)) {
            kept = files.filter(f -> f.getFileName().toString().matches("palisade\\.db\\.replaced-\\d{8}T\\d{6}Z")).toList();
        }
        assertThat(kept).hasSize(1);
        assertThat(out.toString()).contains(kept.get(0).toString());
        assertThat(Files.getPosixFilePermissions(live.resolve(SqliteStore.FILE_NAME)))
                .as("owner-only: password hashes and keys").containsExactlyInAnyOrder(
                        java.nio.file.attribute.PosixFilePermission.OWNER_READ, java.nio.file.attribute.PosixFilePermission.OWNER_WRITE);
        try (ServerFixture b = new ServerFixture(live)) {
            List<String> users = new ArrayList<>();
            b.adminCall("GET", "/admin/users", null).json().get("items").forEach(u -> users.add(u.get("username").asText()));
            assertThat(users).contains("alice").doesNotContain("carol");
            assertThat(awaitEvent(b, "restored_backup").get("detail").asText()).contains("backup");
        }
        assertThat(Files.readAllBytes(Path.of(kept.get(0) + "-wal"))).as("its -wal kept with it")
                .isEqualTo(Files.readAllBytes(aside.resolve("wal")));

        // a copy --backup did not write (the kept database, put back) is marked by the restore: its start says so
        Path leftover = Files.writeString(live.resolve(".palisade.db.restore-AbCdEfGh.tmp"), "a restore killed halfway");
        assertThat(run("--data-dir", live.toString(), "--restore", kept.get(0).toString())).as(err.toString()).isZero();
        assertThat(leftover).as("what a killed restore left").doesNotExist();
        try (ServerFixture c = new ServerFixture(live)) {
            assertThat(awaitEvent(c, "restored_backup").get("detail").asText()).contains("backup");
        }
    }

    /* A review's finds: a -wal left without its database was played over the copy; a kept database came back without its -wal. */
    @Test
    void aRestoreMovesAsideAWalLeftWithoutItsDatabaseAndTakesACopysOwnWalWithIt(@TempDir Path aside) throws Exception {
        Path copy = backupThenAddCarol(aside.resolve("wal"));
        Path wal = live.resolve(SqliteStore.FILE_NAME + "-wal");
        Files.delete(live.resolve(SqliteStore.FILE_NAME)); // gone, its -wal left
        Files.copy(aside.resolve("wal"), wal);
        Path walBeside = Files.copy(aside.resolve("wal"), Path.of(copy + "-wal")); // a stray one: the copy is not in WAL mode
        assertThat(run("--data-dir", live.toString(), "--restore", copy.toString())).as(err.toString()).isZero();
        assertThat(wal).doesNotExist();
        assertThat(users()).as("neither -wal played into the copy").contains("alice").doesNotContain("carol");
        try (var files = Files.list(live)) {
            List<Path> kept = files.filter(f -> f.getFileName().toString().matches("palisade\\.db\\.replaced-.*-wal")).toList();
            assertThat(kept).as("the orphan kept").hasSize(1);
            assertThat(Files.readAllBytes(kept.get(0))).isEqualTo(Files.readAllBytes(aside.resolve("wal")));
            assertThat(out.toString()).contains(kept.get(0).toString());
        }
        Files.delete(walBeside);

        // a database (a server's, stopped) whose latest change is in its -wal alone: dora
        Path withWal = aside.resolve("with-wal.db");
        Path source = aside.resolve("source.db");
        Files.copy(live.resolve(SqliteStore.FILE_NAME), source);
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + source); Statement st = c.createStatement()) {
            st.execute("PRAGMA journal_mode=WAL");
            Files.copy(source, withWal);
            st.executeUpdate("INSERT INTO users (username, password_hash, created_at) SELECT 'dora', password_hash, created_at"
                    + " FROM users WHERE username = 'alice'");
            Files.copy(Path.of(source + "-wal"), Path.of(withWal + "-wal"));
        }
        assertThat(run("--data-dir", live.toString(), "--restore", withWal.toString())).as(err.toString()).isZero();
        // a review's find: a restored copy started, then killed before a checkpoint, keeps its start (and erin) in its
        // -wal alone, its file still marked as put in place; put back later, it must bring that -wal
        Path startedCopy = aside.resolve("started.db");
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + live.resolve(SqliteStore.FILE_NAME));
             Statement st = c.createStatement()) {
            st.execute("PRAGMA journal_mode=WAL");
            Files.copy(live.resolve(SqliteStore.FILE_NAME), startedCopy);
            st.executeUpdate("UPDATE runs SET stopped_cleanly = 0 WHERE id = 1");
            st.executeUpdate("INSERT INTO users (username, password_hash, created_at) SELECT 'erin', password_hash, created_at"
                    + " FROM users WHERE username = 'alice'");
            Files.copy(Path.of(live.resolve(SqliteStore.FILE_NAME) + "-wal"), Path.of(startedCopy + "-wal"));
        }
        assertThat(users()).contains("alice", "dora", "erin");
        assertThat(run("--data-dir", live.toString(), "--restore", startedCopy.toString())).as(err.toString()).isZero();
        assertThat(users()).as("its -wal came with it").contains("alice", "dora", "erin");
        assertThat(run("--data-dir", live.toString(), "--restore", live.resolve(SqliteStore.FILE_NAME).toString())).isEqualTo(1);
        assertThat(err.toString()).contains("is the database in place");
    }

    /*
     * A review's find: a start was written in the -wal alone until a checkpoint, so a --backup copy put in place by hand,
     * started and killed before one, still said "not started" in its file, and putting it back later dropped its -wal.
     */
    @Test
    void aStartIsWrittenIntoTheDatabaseFileSoAStartedCopysWalComesBackWithIt(@TempDir Path aside) throws Exception {
        Path copy = backupThenAddCarol(aside.resolve("wal"));
        Files.copy(copy, live.resolve(SqliteStore.FILE_NAME), java.nio.file.StandardCopyOption.REPLACE_EXISTING); // by hand
        Files.deleteIfExists(live.resolve(SqliteStore.FILE_NAME + "-wal"));
        Files.deleteIfExists(live.resolve(SqliteStore.FILE_NAME + "-shm"));
        Path started = aside.resolve("started.db");
        try (ServerFixture b = new ServerFixture(live)) {
            Files.copy(live.resolve(SqliteStore.FILE_NAME), started); // what a kill now would leave: the file and its -wal
            assertThat(b.adminCall("POST", "/admin/users", "{\"username\":\"frank\",\"password\":\"" + ServerFixture.PASSWORD
                    + "\"}").code()).isEqualTo(201);
            Files.copy(live.resolve(SqliteStore.FILE_NAME + "-wal"), Path.of(started + "-wal"));
        }
        assertThat(run("--data-dir", live.toString(), "--restore", started.toString())).as(err.toString()).isZero();
        assertThat(users()).as("its -wal came with it").contains("alice", "frank");
    }

    /**
     * A server on {@link #live} with alice, backed up, then carol added: a copy of its {@code -wal} (carol, until a
     * checkpoint) goes to {@code walCopy}, what a kill would have left. @return the backup
     */
    private Path backupThenAddCarol(Path walCopy) throws Exception {
        Path copy = backups.resolve("palisade-backup.db");
        Path wal = live.resolve(SqliteStore.FILE_NAME + "-wal");
        try (ServerFixture a = new ServerFixture(live)) {
            a.token("alice");
            assertThat(run("--data-dir", live.toString(), "--backup", copy.toString())).as(err.toString()).isZero();
            assertThat(a.adminCall("POST", "/admin/users", "{\"username\":\"carol\",\"password\":\"" + ServerFixture.PASSWORD
                    + "\"}").code()).isEqualTo(201);
            assertThat(wal).as("carol is in the log until a checkpoint").exists();
            Files.copy(wal, walCopy);
        }
        return copy;
    }

    /** The users a server started on {@link #live} holds. */
    private List<String> users() {
        try (ServerFixture b = new ServerFixture(live)) {
            List<String> users = new ArrayList<>();
            b.adminCall("GET", "/admin/users", null).json().get("items").forEach(u -> users.add(u.get("username").asText()));
            return users;
        }
    }

    @Test
    void aRestoreIsRefusedUnderARunningServerAndForAnythingButASoundPalisadeDatabase(@TempDir Path elsewhere) throws Exception {
        Path copy = backups.resolve("palisade-backup.db");
        Path garbage = Files.writeString(elsewhere.resolve("garbage.db"), "not a database at all, but long enough to be read");
        Path other = elsewhere.resolve("other.db");
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + other); Statement st = c.createStatement()) {
            st.executeUpdate("CREATE TABLE notes (id INTEGER PRIMARY KEY, text TEXT)");
        }
        Path link = Files.createSymbolicLink(elsewhere.resolve("link.db"), copy);
        try (ServerFixture a = new ServerFixture(live)) {
            a.token("alice");
            assertThat(run("--data-dir", live.toString(), "--backup", copy.toString())).as(err.toString()).isZero();
            assertThat(run("--data-dir", live.toString(), "--restore", copy.toString())).isEqualTo(1);
            assertThat(err.toString()).contains("running").contains("stop it first");
            assertThat(a.get(a.api("/api/notes"), a.token("alice")).code()).as("the server's database untouched").isEqualTo(200);
        }
        // audit persist55 L1: a copy from a newer Palisade went in place "integrity ok", and then no start could open it
        Path newer = elsewhere.resolve("newer.db");
        Files.copy(copy, newer);
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + newer); Statement st = c.createStatement()) {
            st.execute("PRAGMA user_version = 999");
        }
        byte[] before = Files.readAllBytes(live.resolve(SqliteStore.FILE_NAME));
        err.reset();
        assertThat(run("--data-dir", live.toString(), "--restore", newer.toString())).isEqualTo(1);
        assertThat(err.toString()).contains("written by a newer Palisade").contains("nothing was restored");
        for (Path wrong : List.of(garbage, other, link, elsewhere.resolve("missing.db"))) {
            err.reset();
            assertThat(run("--data-dir", live.toString(), "--restore", wrong.toString())).as(wrong.toString()).isEqualTo(1);
            assertThat(err.toString()).as(wrong.toString()).contains(wrong.toString());
        }
        assertThat(err.toString()).contains("not a file");
        assertThat(Files.readAllBytes(live.resolve(SqliteStore.FILE_NAME))).as("the database in place untouched").isEqualTo(before);
        try (var files = Files.list(live)) {
            assertThat(files.map(f -> f.getFileName().toString())).as("nothing left beside it")
                    .noneMatch(n -> n.contains("replaced") || n.contains("restore"));
        }
        assertThat(run("--data-dir", live.toString(), "--restore", copy.toString(), "--cluster", "redis://127.0.0.1:1",
                "--cluster-key-file", copy.toString())).isEqualTo(2);
    }

    /** The newest system event with {@code code}, once the server's writer stored it. */
    private static JsonNode awaitEvent(ServerFixture server, String code) throws InterruptedException {
        long until = System.nanoTime() + 10_000_000_000L;
        while (true) {
            JsonNode items = server.adminCall("GET", "/admin/events?type=system&code=" + code, null).json().get("items");
            if (!items.isEmpty()) return items.get(0);
            if (System.nanoTime() > until) throw new AssertionError("no " + code + " event");
            Thread.sleep(50);
        }
    }

    @Test
    void aBackupNeverOverwritesAndNeedsADatabase() throws Exception {
        assertThat(run("--data-dir", live.toString(), "--backup", backups.resolve("b.db").toString())).isEqualTo(1);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("no database at");
        SqliteStore.open(live).close();
        Path taken = Files.writeString(backups.resolve("taken.db"), "keep me");
        assertThat(run("--data-dir", live.toString(), "--backup", taken.toString())).isEqualTo(1);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains(taken + " exists; a backup never overwrites a file");
        assertThat(Files.readString(taken)).isEqualTo("keep me");
    }

    @Test
    void aBackupNeverWritesThroughALinkAndLeavesOnlyItsOwnerOnlyCopy(@TempDir Path elsewhere) throws Exception {
        SqliteStore.open(live).close();
        // a link left where the backup goes, to a file that does not exist yet: followed, it made a 0644 copy there
        Path lure = elsewhere.resolve("lure.db");
        Path dangling = Files.createSymbolicLink(backups.resolve("dangling.db"), lure);
        assertThat(run("--data-dir", live.toString(), "--backup", dangling.toString())).isEqualTo(1);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains(dangling.toString(), "symbolic link");
        assertThat(lure).as("nothing written through the link").doesNotExist();
        assertThat(Files.isSymbolicLink(dangling)).isTrue();

        Path kept = Files.writeString(elsewhere.resolve("kept.db"), "keep me");
        Path link = Files.createSymbolicLink(backups.resolve("link.db"), kept);
        assertThat(run("--data-dir", live.toString(), "--backup", link.toString())).isEqualTo(1);
        assertThat(Files.readString(kept)).isEqualTo("keep me");

        Path copy = backups.resolve("copy.db");
        assertThat(run("--data-dir", live.toString(), "--backup", copy.toString())).as(err.toString(StandardCharsets.UTF_8)).isZero();
        assertThat(integrity(copy)).isEqualTo("ok");
        assertThat(java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(copy))).isEqualTo("rw-------");
        try (java.util.stream.Stream<Path> files = Files.list(backups)) {
            assertThat(files).as("no temporary file left").containsExactlyInAnyOrder(dangling, link, copy);
        }
    }

    /*
     * Found in a durability probe: a backup killed before it finished left its hidden copy (a whole
     * database, password hashes and signing keys) beside the target, and nothing ever removed it.
     */
    @Test
    void aBackupRemovesWhatAnEarlierStoppedBackupLeftButNotACopyStillBeingWritten() throws Exception {
        SqliteStore.open(live).close();
        Path stale = Files.writeString(backups.resolve(".b.db.AbCd3f-_.tmp"), "a killed backup's copy");
        Path staleJournal = Files.writeString(backups.resolve(".b.db.AbCd3f-_.tmp-journal"), "its journal");
        Path writing = Files.writeString(backups.resolve(".b.db.ZyXw9876.tmp"), "a backup running now");
        Path otherName = Files.writeString(backups.resolve(".other.db.AbCd3f-_.tmp"), "another target's");
        java.nio.file.attribute.FileTime hoursAgo = java.nio.file.attribute.FileTime.from(
                java.time.Instant.now().minus(java.time.Duration.ofHours(2)));
        for (Path p : List.of(stale, staleJournal, otherName)) Files.setLastModifiedTime(p, hoursAgo);

        assertThat(run("--data-dir", live.toString(), "--backup", backups.resolve("b.db").toString()))
                .as(err.toString(StandardCharsets.UTF_8)).isZero();
        assertThat(stale).doesNotExist();
        assertThat(staleJournal).doesNotExist();
        assertThat(writing).as("younger than an hour: maybe a backup still running").exists();
        assertThat(otherName).as("a backup to another file").exists();
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("Removed " + stale.toAbsolutePath())
                .contains("admin.token is a file beside the database: copy it too.").doesNotContain("upstream.key");
    }

    /* An export killed before it finished left its copy of the database in the data directory. */
    @Test
    void aStartRemovesTheCopyAnExportThatWasStoppedLeft() throws Exception {
        SqliteStore.open(live).close();
        Path left = Files.createDirectory(live.resolve(".export-123"));
        Files.writeString(left.resolve(SqliteStore.FILE_NAME), "an export's copy");
        Files.writeString(left.resolve(SqliteStore.FILE_NAME + "-wal"), "its log");
        Path notACopy = Files.writeString(live.resolve(".export-notes"), "a file of someone's, not a folder an export made");
        // an audit's find: someone's own folders beside the database were deleted with all they held
        Path photos = Files.createDirectories(live.resolve(".export-photos").resolve("2024"));
        Files.writeString(photos.resolve("a.txt"), "precious");
        Path numbered = Files.createDirectory(live.resolve(".export-7"));
        Files.writeString(numbered.resolve("notes.txt"), "not a database's file");
        PalisadeServer.start(ServerConfig.defaults().withDataDir(live).withPorts(0, 0)).close();
        assertThat(left).doesNotExist();
        assertThat(notACopy).exists();
        assertThat(photos.resolve("a.txt")).hasContent("precious");
        assertThat(numbered.resolve("notes.txt")).exists();
        assertThat(live.resolve(SqliteStore.FILE_NAME)).exists();
    }

    @Test
    void healthAsksTheRunningServerAndExitsNonZeroWhenItIsUnhealthy() {
        try (ServerFixture s = new ServerFixture(live)) {
            String port = String.valueOf(s.server.port());
            assertThat(run("--port", port, "--health")).isZero();
            assertThat(out.toString(StandardCharsets.UTF_8)).contains("\"status\":\"ok\"");
            s.server.store().close();
            assertThat(run("--port", port, "--health")).isEqualTo(1);
            assertThat(out.toString(StandardCharsets.UTF_8)).contains("unhealthy");
        }
    }

    @Test
    void healthAsksOverTlsWhenTheServerServesTls() {
        try (ServerFixture s = new ServerFixture(live, dev.palisade.engine.MutableClock.realTime(),
                c -> c.withTls(new ServerConfig.Tls(null, null, List.of("localhost", "127.0.0.1", "::1"), 0)))) {
            assertThat(s.server.apiUri().getScheme()).isEqualTo("https");
            assertThat(run("--port", String.valueOf(s.server.port()), "--tls-self-signed", "--health"))
                    .as(err.toString(StandardCharsets.UTF_8)).isZero();
            assertThat(out.toString(StandardCharsets.UTF_8)).contains("\"status\":\"ok\"");
        }
    }

    private static String integrity(Path db) throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db);
             Statement s = c.createStatement(); ResultSet rs = s.executeQuery("PRAGMA integrity_check")) {
            rs.next();
            return rs.getString(1);
        }
    }
}
