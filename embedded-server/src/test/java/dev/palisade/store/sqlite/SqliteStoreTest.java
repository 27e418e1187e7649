package dev.palisade.store.sqlite;

import dev.palisade.engine.session.SessionOrigin;
import dev.palisade.engine.session.SessionRecord;
import dev.palisade.engine.store.Store;
import dev.palisade.engine.store.StoreContract;
import dev.palisade.engine.store.StoreException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SqliteStoreTest extends StoreContract {

    @TempDir
    Path dir;

    @Override
    protected Store open() {
        return SqliteStore.open(dir);
    }

    /*
     * SQLite rolls a transaction back itself on a full disk; the driver's rollback then threw "no
     * transaction is active", and that was the error the operator was told instead of the disk.
     */
    @Test
    void aWriteSqliteRolledBackItselfIsToldByItsOwnErrorAndTheStoreWritesOn() {
        SqliteStore sqlite = (SqliteStore) store;
        assertThatThrownBy(() -> sqlite.inTransaction("add a user", c -> {
            try (java.sql.Statement s = c.createStatement()) {
                s.execute("INSERT INTO users (username, password_hash, created_at) VALUES ('gone', 'h', 1)");
                s.execute("ROLLBACK"); // as SQLite does when the disk is full
            }
            throw new java.sql.SQLException("database or disk is full");
        })).isInstanceOf(dev.palisade.engine.store.StoreException.class).hasMessageContaining("database or disk is full");
        assertThat(store.insertUser(new dev.palisade.engine.auth.UserAccount("next", "h", 2))).isTrue();
        assertThat(store.listUsers()).extracting(dev.palisade.engine.auth.UserAccount::username).containsExactly("next");
    }

    /*
     * Session 49's second review: reports waiting for the one reports connection were not bounded, so a burst of slow
     * ones (a viewer may send them) held every thread of the admin listener, the owner's calls with them.
     */
    @Test
    void reportsWaitingForTheReportsConnectionAreBoundedAndTheRestRefusedBusy() throws Exception {
        SqliteStore sqlite = (SqliteStore) store;
        java.util.concurrent.CountDownLatch slow = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.ExecutorService readers = java.util.concurrent.Executors.newFixedThreadPool(SqliteStore.REPORTS_AT_ONCE);
        try {
            java.util.List<java.util.concurrent.Future<Long>> held = new java.util.ArrayList<>();
            for (int i = 0; i < SqliteStore.REPORTS_AT_ONCE; i++) {
                held.add(readers.submit(() -> sqlite.report("a slow report", c -> {
                    try {
                        slow.await(); // one reads; the others wait for the connection
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    return 1L;
                })));
            }
            long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(10);
            while (waitingForTheReportsConnection() < SqliteStore.REPORTS_AT_ONCE - 1 && System.nanoTime() < deadline) {
                Thread.sleep(10); // the others blocked on the connection: a state, with no signal to wait on
            }
            assertThat(waitingForTheReportsConnection()).as("the rest wait for the connection").isEqualTo(SqliteStore.REPORTS_AT_ONCE - 1);
            // preemptive: a report let in would wait for the connection with the others
            org.junit.jupiter.api.Assertions.assertTimeoutPreemptively(java.time.Duration.ofSeconds(5), () ->
                    assertThatThrownBy(() -> store.countEvents(dev.palisade.engine.event.EventQuery.latest(10)))
                            .isInstanceOfSatisfying(dev.palisade.engine.Denial.class, d -> {
                                assertThat(d.reason()).isEqualTo(dev.palisade.engine.Reason.REPORT_BUSY);
                                assertThat(d.retryAfterSeconds()).isPositive();
                            }));
            slow.countDown();
            for (var report : held) assertThat(report.get(10, java.util.concurrent.TimeUnit.SECONDS)).isEqualTo(1L);
            assertThat(store.countEvents(dev.palisade.engine.event.EventQuery.latest(10))).as("places again").isZero();
        } finally {
            slow.countDown();
            readers.shutdownNow();
        }
    }

    private static long waitingForTheReportsConnection() {
        return Thread.getAllStackTraces().entrySet().stream().filter(t -> t.getKey().getState() == Thread.State.BLOCKED
                && java.util.Arrays.stream(t.getValue()).anyMatch(f -> f.getMethodName().equals("readOn"))).count();
    }

    /* The health check only read: with a full disk it said "ok" while every login and change failed. */
    @Test
    void aFailedWriteFailsThePingUntilAWriteSucceeds() {
        SqliteStore sqlite = (SqliteStore) store;
        store.ping();
        assertThatThrownBy(() -> sqlite.inTransaction("add a user", c -> {
            throw new java.sql.SQLException("database or disk is full");
        })).isInstanceOf(dev.palisade.engine.store.StoreException.class);
        assertThatThrownBy(store::ping).isInstanceOf(dev.palisade.engine.store.StoreException.class)
                .hasMessageContaining("a write to the database failed").hasMessageContaining("database or disk is full");
        store.appendEvents(java.util.List.of(dev.palisade.engine.event.Event.system(1, "test", "written fine")));
        assertThatThrownBy(store::ping).as("events written fine do not hide failing logins and changes")
                .isInstanceOf(dev.palisade.engine.store.StoreException.class);
        // audit persist55 L2: the retention run at start and every hour deletes nothing and needs no disk
        store.deleteEventsBefore(0);
        assertThatThrownBy(store::ping).as("a write that wrote nothing says nothing of the disk")
                .isInstanceOf(dev.palisade.engine.store.StoreException.class);
        assertThat(store.insertUser(new dev.palisade.engine.auth.UserAccount("next", "h", 2))).isTrue();
        store.ping();
    }

    /* A transaction left open (a ROLLBACK that failed) refused every later write until a restart. */
    @Test
    void aTransactionLeftOpenDoesNotStopTheNextWrite() {
        ((SqliteStore) store).read("leave a transaction open", c -> {
            try (java.sql.Statement s = c.createStatement()) {
                s.execute("BEGIN");
            }
            return null;
        });
        assertThat(store.insertUser(new dev.palisade.engine.auth.UserAccount("after", "h", 2))).isTrue();
        assertThat(store.listUsers()).extracting(dev.palisade.engine.auth.UserAccount::username).containsExactly("after");
    }

    /* A change answered 200 was written to the WAL without an fsync: a power loss could take it back. */
    @Test
    void changesAnsweredAsStoredReachTheDiskBeforeTheAnswer() {
        int synchronous = ((SqliteStore) store).read("read the setting", c -> {
            try (java.sql.Statement s = c.createStatement(); java.sql.ResultSet rs = s.executeQuery("PRAGMA synchronous")) {
                return rs.next() ? rs.getInt(1) : -1;
            }
        });
        assertThat(synchronous).as("FULL").isEqualTo(2);
    }

    @Test
    void aUsersKnownClientsAreReplacedWholeAndReadBackNewestFirst() {
        store.saveKnownClients(java.util.List.of(
                new dev.palisade.engine.state.LoginFailures.Known("alice", java.util.List.of("c1", "c2")),
                new dev.palisade.engine.state.LoginFailures.Known("bob", java.util.List.of("b1"))));
        store.saveKnownClients(java.util.List.of(
                new dev.palisade.engine.state.LoginFailures.Known("alice", java.util.List.of("c3", "c1"))));
        store.close();
        store = open();
        assertThat(store.loadKnownClients()).containsExactlyInAnyOrder(
                new dev.palisade.engine.state.LoginFailures.Known("alice", java.util.List.of("c3", "c1")),
                new dev.palisade.engine.state.LoginFailures.Known("bob", java.util.List.of("b1")));
    }

    /**
     * Retention deleted every old event in one write transaction: after the retention was shortened,
     * the event writer and every login waited for all of it. It now deletes in steps; here more than
     * two steps' worth, and the newer events stay.
     */
    @Test
    void retentionDeletesInStepsAndKeepsTheNewerEvents() {
        int old = 2 * SqliteStore.RETENTION_STEP + 7;
        java.util.List<dev.palisade.engine.event.Event> events = new java.util.ArrayList<>();
        for (int i = 0; i < old + 3; i++) {
            long at = i < old ? 1_000 + i : 1_000_000 + i;
            events.add(new dev.palisade.engine.event.Event(i + 1, at, dev.palisade.engine.event.EventType.SYSTEM, "c" + i, "", "", "",
                    "", "", "", 0, 0, ""));
        }
        store.appendEvents(events);
        assertThat(store.deleteEventsBefore(1_000_000, 1)).as("a share: one step").isEqualTo(SqliteStore.RETENTION_STEP);
        assertThat(store.deleteEventsBefore(1_000_000)).isEqualTo(old - SqliteStore.RETENTION_STEP);
        assertThat(store.queryEvents(dev.palisade.engine.event.EventQuery.latest(10))).extracting(dev.palisade.engine.event.Event::code)
                .containsExactly("c" + (old + 2), "c" + (old + 1), "c" + old);
        assertThat(store.queryEvents(new dev.palisade.engine.event.EventQuery(1_000_000L + old + 1, null, null, null, null, null, 0, 10)))
                .as("a page from a time on: the events at or after it").extracting(dev.palisade.engine.event.Event::code)
                .containsExactly("c" + (old + 2), "c" + (old + 1));
    }

    /**
     * Reports over the events (the Overview, the Events view, an export, the timeline) read the whole
     * table when a filter matches little, and did so holding the connection every login, logout and
     * checkpoint writes through: an operator's look during an attack stalled the logins. They now read
     * on a connection of their own; here the writers' connection is held, and the reports still answer.
     */
    @Test
    void reportsOverTheEventsDoNotWaitForTheWritersConnection() throws Exception {
        java.lang.reflect.Field field = SqliteStore.class.getDeclaredField("main");
        field.setAccessible(true);
        Object writers = field.get(store);
        java.util.concurrent.CountDownLatch held = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.CountDownLatch done = new java.util.concurrent.CountDownLatch(1);
        Thread login = new Thread(() -> {
            synchronized (writers) { // a login's save, a checkpoint: as long as the report takes, or longer
                held.countDown();
                try {
                    done.await(10, java.util.concurrent.TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        });
        login.start();
        held.await();
        try {
            java.util.concurrent.CompletableFuture<java.util.List<Object>> reports = java.util.concurrent.CompletableFuture.supplyAsync(() -> java.util.List.<Object>of(
                    store.queryEvents(new dev.palisade.engine.event.EventQuery(null, null, null, "nope", null, null, 0, 100)),
                    store.countEvents(new dev.palisade.engine.event.EventQuery(null, null, null, null, null, null, 0, 100)),
                    store.refusalSeries(0, 3_600_000, 60_000), store.rollupSeries(0, 3_600_000, 60_000),
                    store.topRefusals("ip", 0, 3_600_000, 10),
                    store.topRollups(dev.palisade.engine.event.Rollup.Dimension.values()[0], 0, 3_600_000, 10)));
            assertThat(reports.get(5, java.util.concurrent.TimeUnit.SECONDS)).hasSize(6);
        } finally {
            done.countDown();
            login.join();
        }
    }

    /** A single node's call marks: kept across a restart, moved on only forward, and forgotten with their session or age. */
    @Test
    void callMarksAreKeptMovedOnAndDeleted() {
        store.saveCallMarks(java.util.List.of(new dev.palisade.engine.state.CallMark("s1", "GET", "/api/cart", 1_000),
                new dev.palisade.engine.state.CallMark("s1", "POST", "/api/notes", 2_000),
                new dev.palisade.engine.state.CallMark("s2", "GET", "/api/cart", 3_000)));
        store.saveCallMarks(java.util.List.of(new dev.palisade.engine.state.CallMark("s1", "GET", "/api/cart", 5_000),
                new dev.palisade.engine.state.CallMark("s2", "GET", "/api/cart", 2_500)));
        reopen();
        assertThat(store.loadCallMarks(0)).as("the later of two writes; an older one never moves a mark back")
                .containsExactlyInAnyOrder(new dev.palisade.engine.state.CallMark("s1", "GET", "/api/cart", 5_000),
                        new dev.palisade.engine.state.CallMark("s1", "POST", "/api/notes", 2_000),
                        new dev.palisade.engine.state.CallMark("s2", "GET", "/api/cart", 3_000));
        assertThat(store.loadCallMarks(2_500)).extracting(dev.palisade.engine.state.CallMark::at).containsExactlyInAnyOrder(5_000L, 3_000L);
        store.deleteCallMarksOf(java.util.List.of("s2"));
        store.deleteCallMarksBefore(3_000);
        assertThat(store.loadCallMarks(0)).containsExactly(new dev.palisade.engine.state.CallMark("s1", "GET", "/api/cart", 5_000));
    }

    @Test
    void usesOneWalFileInTheDataDirectory() throws Exception {
        assertThat(dir.resolve(SqliteStore.FILE_NAME)).exists();
        try (var c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve(SqliteStore.FILE_NAME));
             ResultSet rs = c.createStatement().executeQuery("PRAGMA journal_mode")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getString(1)).isEqualToIgnoringCase("wal");
        }
    }

    @Test
    void aNewDataDirectoryAndItsDatabaseAreOwnerOnly() throws Exception {
        Path fresh = dir.resolve("fresh").resolve("palisade");
        try (SqliteStore s = SqliteStore.open(fresh)) {
            s.saveSettings(java.util.Map.of("a", "1"));
        }
        assertThat(java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(fresh)))
                .isEqualTo("rwx------");
        assertThat(java.nio.file.attribute.PosixFilePermissions.toString(
                Files.getPosixFilePermissions(fresh.resolve(SqliteStore.FILE_NAME)))).isEqualTo("rw-------");
    }

    @Test
    void refusesADatabaseFromANewerVersion() throws Exception {
        store.close();
        try (var c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve(SqliteStore.FILE_NAME))) {
            c.createStatement().execute("PRAGMA user_version = " + (Migrations.latest() + 1));
        }
        assertThatThrownBy(() -> SqliteStore.open(dir)).isInstanceOf(StoreException.class).hasMessageContaining("newer");
        store = open(dir.resolve("other"));
    }

    @Test
    void adminEventsFromBeforeOperatorsAreTheOwnersOrPalisadesOwn() throws Exception {
        // as the version before operator identity (step 6) left it
        openLeftBy(5, "INSERT INTO events (id, at, type, code, check_name, session_id, username, ip, method, path, status,"
                + " cost_ns, detail) VALUES (1, 1, 'admin', 'user_created', 'admin', '', '', '', '', '', 0, 0, 'u'),"
                + " (2, 2, 'admin', 'ip_auto_blocked', 'admin', '', '', '', '', '', 0, 0, 'b'),"
                + " (3, 3, 'decision', 'allowed', 'pipeline', '', '', '', '', '', 200, 0, '')");
        assertThat(store.queryEvents(dev.palisade.engine.event.EventQuery.latest(10)))
                .extracting(dev.palisade.engine.event.Event::actor).containsExactly("", "palisade", "owner");
        assertThat(store.listOperatorTokens()).isEmpty();
    }

    @Test
    void aSessionAnApiKeyOpenedBeforeKeysWereRecordedLoadsAsAKeysWithNoneNamed() throws Exception {
        // as the version before sessions named their API key (step 9) left it
        openLeftBy(8, "INSERT INTO sessions (id, username, origin, created_at, bootstrap_at, client_ip,"
                + " user_agent, last_seen_at, calls) VALUES ('s1', 'alice', 'api_key', 1, 0, '', '', 1, 0),"
                + " ('s2', 'bob', 'browser', 1, 1, '', '', 1, 0)");
        assertThat(store.loadSessions()).extracting(r -> r.id() + " " + r.origin() + " '" + r.apiKeyId() + "'")
                .containsExactlyInAnyOrder("s1 API_KEY ''", "s2 BROWSER ''");
    }

    /*
     * Found in a durability probe: while another process held the database's write lock, the health
     * check's read waited behind the writes waiting out their busy timeout, up to 37 s, and then said
     * "ok" of a later moment; a balancer's probe timed out instead of hearing "store failing".
     */
    @Test
    void theHealthCheckAnswersAtOnceWhileAWriteWaitsForALockAndFailsOnceItWaitedLong() throws Exception {
        var pool = java.util.concurrent.Executors.newCachedThreadPool();
        try (var other = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve(SqliteStore.FILE_NAME))) {
            other.createStatement().execute("BEGIN IMMEDIATE"); // another process's write lock
            var write = pool.submit(() -> store.insertUser(new dev.palisade.engine.auth.UserAccount("waits", "h", 1)));
            Thread.sleep(300); // the write is waiting for the lock
            assertThat(write).isNotDone();
            pool.submit(() -> {
                store.ping();
                return null;
            }).get(5, java.util.concurrent.TimeUnit.SECONDS); // answered, and "ok": the write has not waited long yet
            Thread.sleep(SqliteStore.WRITE_WAIT_NANOS / 1_000_000);
            assertThat(write).isNotDone();
            var failing = pool.submit(() -> {
                try {
                    store.ping();
                    return "ok";
                } catch (StoreException e) {
                    return e.getMessage();
                }
            }).get(5, java.util.concurrent.TimeUnit.SECONDS);
            assertThat(failing).startsWith("a write has waited").contains("s for the database");
            other.createStatement().execute("COMMIT");
            assertThat(write.get(15, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
        } finally {
            pool.shutdownNow();
        }
        store.ping();
    }

    /* A long write (a checkpoint of many sessions) is not waiting: its own work does not fail the health check. */
    @Test
    void aLongWritesOwnWorkDoesNotFailTheHealthCheck() throws Exception {
        SqliteStore sqlite = (SqliteStore) store;
        var pool = java.util.concurrent.Executors.newSingleThreadExecutor();
        try {
            var write = pool.submit(() -> sqlite.inTransaction("a long write", c -> {
                try {
                    Thread.sleep(SqliteStore.WRITE_WAIT_NANOS / 1_000_000 + 700);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return true;
            }));
            Thread.sleep(SqliteStore.WRITE_WAIT_NANOS / 1_000_000 + 200);
            assertThat(write).isNotDone();
            store.ping();
            assertThat(write.get(10, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
        } finally {
            pool.shutdownNow();
        }
    }

    /*
     * Found in a durability probe: the database file deleted under a running server, its writes were
     * answered as done (201) and health said ok; the next start began afresh, and they were gone.
     */
    @Test
    void aDatabaseFileDeletedUnderTheStoreFailsItsHealthAndItsWrites() throws Exception {
        store.ping();
        deleteDatabase(dir);
        assertThatThrownBy(store::ping).isInstanceOf(StoreException.class).hasMessageContaining("was deleted while the server ran");
        assertThatThrownBy(() -> store.insertUser(new dev.palisade.engine.auth.UserAccount("lost", "h", 1)))
                .isInstanceOf(StoreException.class).hasMessageContaining("was deleted");
        assertThatThrownBy(() -> store.appendEvents(java.util.List.of(dev.palisade.engine.event.Event.system(1, "test", "lost"))))
                .as("events too: counted as stored, they would be lost").isInstanceOf(StoreException.class);
    }

    /*
     * Found in a durability probe: a full disk (or a lock held by another process, a deleted file) was
     * answered 500 internal_error like a defect, with a stack trace logged per call. It is an outage of
     * the database, which the HTTP side answers 503 store_unavailable; a statement refused is not.
     */
    @Test
    void aFullDatabaseAndADeletedOneAreOutagesAndARefusedStatementIsNot() throws Exception {
        SqliteStore sqlite = (SqliteStore) store;
        sqlite.read("cap the file at its size", c -> {
            try (java.sql.Statement s = c.createStatement(); ResultSet pages = s.executeQuery("PRAGMA page_count")) {
                pages.next();
                s.execute("PRAGMA max_page_count = " + pages.getLong(1)); // as a full disk would stop it
            }
            return null;
        });
        StoreException full = null;
        for (int i = 0; i < 10_000 && full == null; i++) {
            try {
                store.insertUser(new dev.palisade.engine.auth.UserAccount("user" + i, "h".repeat(500), 1));
            } catch (StoreException e) {
                full = e;
            }
        }
        assertThat(full).as("the capped file filled up").isNotNull();
        assertThat(full.getMessage()).contains("SQLITE_FULL");
        assertThat(full.outage()).isTrue();

        StoreException refused = catchStoreException(() -> sqlite.read("read a table that is not there", c -> {
            try (java.sql.Statement s = c.createStatement()) {
                return s.executeQuery("SELECT * FROM no_such_table").next();
            }
        }));
        assertThat(refused.outage()).as("a statement SQLite refused is a defect here, not an outage").isFalse();

        deleteDatabase(dir);
        assertThat(catchStoreException(() -> store.insertUser(new dev.palisade.engine.auth.UserAccount("lost", "h", 1))).outage())
                .isTrue();
    }

    private static StoreException catchStoreException(Runnable work) {
        try {
            work.run();
        } catch (StoreException e) {
            return e;
        }
        throw new AssertionError("no StoreException");
    }

    /*
     * Found in a review: a stored label this version does not know (a newer version's, before a
     * downgrade, or a hand's) stopped the start (a blacklist kind, a session origin) or made every page of
     * events holding it answer 500 (an event type). Such a row is left out; the others are read.
     */
    @Test
    void rowsWithALabelThisVersionDoesNotKnowAreLeftOutAndTheOthersRead() throws Exception {
        var kind = dev.palisade.engine.blacklist.EntryKind.IP;
        store.insertBlacklist(List.of(new dev.palisade.engine.blacklist.BlacklistEntry("b1", kind, "10.0.0.1", "", "owner", 1, 0),
                new dev.palisade.engine.blacklist.BlacklistEntry("b2", kind, "10.0.0.2", "", "owner", 2, 0)));
        store.saveSessions(List.of(
                new SessionRecord("s1", "alice", dev.palisade.engine.session.SessionOrigin.BROWSER, 1, 1, "10.0.0.1", "UA", 5, 3, 0, null, null, null, ""),
                new SessionRecord("s2", "bob", dev.palisade.engine.session.SessionOrigin.API_KEY, 2, 0, "", "", 2, 0, 0, null, null, null, "k1")));
        store.appendEvents(List.of(dev.palisade.engine.event.Event.system(100, "a", ""), dev.palisade.engine.event.Event.system(200, "b", ""))
                .stream().map(e -> new dev.palisade.engine.event.Event(e.at(), e.at(), e.type(), e.code(), e.check(), "", "", "", "", "", 0, 0, ""))
                .toList()); // ids of their own
        try (var c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve(SqliteStore.FILE_NAME));
             var sql = c.createStatement()) {
            sql.execute("UPDATE blacklist SET kind = 'asn' WHERE id = 'b2'");
            sql.execute("UPDATE sessions SET origin = 'passkey' WHERE id = 's2'");
            sql.execute("UPDATE events SET type = 'forecast' WHERE at = 200");
        }
        assertThat(store.listBlacklist()).extracting(dev.palisade.engine.blacklist.BlacklistEntry::id).contains("b1").doesNotContain("b2");
        assertThat(store.findBlacklist("b2")).isNull();
        assertThat(store.loadSessions()).extracting(SessionRecord::id).containsExactly("s1");
        var events = store.queryEvents(dev.palisade.engine.event.EventQuery.latest(10));
        assertThat(events).extracting(dev.palisade.engine.event.Event::at).contains(100L, 200L);
        var unknown = events.stream().filter(e -> e.at() == 200L).findFirst().orElseThrow();
        assertThat(unknown.type()).as("kept, as the export and the preview page on").isEqualTo(dev.palisade.engine.event.EventType.SYSTEM);
        assertThat(unknown.detail()).startsWith("(stored as type forecast, which this version does not know)");
    }

    /* SQLite follows a link to the database: so does the check, or a deleted target went unnoticed. */
    @Test
    void aDatabaseBehindALinkIsTheLinksTarget() throws Exception {
        store.close();
        Path real = dir.resolve("elsewhere");
        Files.createDirectories(real);
        Path linked = dir.resolve("linked");
        Files.createDirectories(linked);
        SqliteStore.open(real).close();
        Files.createSymbolicLink(linked.resolve(SqliteStore.FILE_NAME), real.resolve(SqliteStore.FILE_NAME));
        store = SqliteStore.open(linked);
        store.ping();
        deleteDatabase(real);
        assertThatThrownBy(store::ping).isInstanceOf(StoreException.class).hasMessageContaining("was deleted");
    }

    /*
     * A revoked session's request-signing key stayed in the database file (and in every backup of it)
     * until the session was swept, hours later: no one may sign with it again, so nothing keeps it.
     */
    @Test
    void aRevokedSessionsSigningKeyIsNotKeptInTheFile() throws Exception {
        byte[] key = new byte[32];
        java.util.Arrays.fill(key, (byte) 7);
        SessionRecord live = new SessionRecord("s1", "alice", SessionOrigin.BROWSER, 1, 1, "10.0.0.1", "UA", 5, 3, 0,
                key, null, null);
        store.saveSessions(List.of(live, new SessionRecord("s2", "bob", SessionOrigin.BROWSER, 1, 1, "10.0.0.2", "UA",
                5, 3, 0, key, null, null)));
        store.saveSessions(List.of(new SessionRecord("s1", "alice", SessionOrigin.BROWSER, 1, 1, "10.0.0.1", "UA", 6, 4,
                7, key, null, null)));
        store.saveSessions(List.of(live)); // an older snapshot, written after the revocation
        assertThat(signingKeys(dir)).containsEntry("s1", 0).containsEntry("s2", 32);
        reopen();
        assertThat(store.loadSessions()).filteredOn(r -> r.id().equals("s1")).singleElement()
                .satisfies(r -> assertThat(r.revokedAt()).isEqualTo(7))
                .satisfies(r -> assertThat(r.signingKey()).isEmpty());
    }

    @Test
    void aDatabaseFromBeforeForgetsTheKeysOfItsRevokedSessions() throws Exception {
        // as the version before step 17 (keys of revoked sessions forgotten) left it
        Path old = openLeftBy(16, "INSERT INTO sessions (id, username, origin, created_at, bootstrap_at,"
                + " client_ip, user_agent, last_seen_at, calls, revoked_at, signing_key) VALUES"
                + " ('s1', 'alice', 'browser', 1, 1, '', '', 1, 0, 5, x'0707'),"
                + " ('s2', 'bob', 'browser', 1, 1, '', '', 1, 0, 0, x'0707')");
        assertThat(signingKeys(old)).containsEntry("s1", 0).containsEntry("s2", 2);
    }

    @Test
    void aSessionStoredBeforeSessionsKeptTheirBootstrapsCostLoadsWithNone() throws Exception {
        // as the version before step 18 (what a session's bootstrap paid) left it
        openLeftBy(17, "INSERT INTO sessions (id, username, origin, created_at, bootstrap_at, client_ip, user_agent,"
                + " last_seen_at, calls, revoked_at, signing_key) VALUES ('s1', 'alice', 'browser', 1, 1, '', '', 1, 0, 0, x'0707')");
        assertThat(store.loadSessions()).singleElement().satisfies(r -> assertThat(r.bootstrap()).isNull());
        SessionRecord paid = new SessionRecord("s2", "bob", SessionOrigin.BROWSER, 1, 1, "10.0.0.2", "UA", 1, 0, 0, null, null,
                null, "", new dev.palisade.engine.session.BootstrapCost(14, 830));
        store.saveSessions(List.of(paid));
        assertThat(store.loadSessions()).extracting(SessionRecord::bootstrap)
                .containsExactlyInAnyOrder(null, new dev.palisade.engine.session.BootstrapCost(14, 830));
    }

    /** Deletes the database of {@code dataDir} with its WAL files, as an operator's {@code rm} would. */
    private static void deleteDatabase(Path dataDir) throws java.io.IOException {
        for (String suffix : new String[] {"", "-wal", "-shm"}) Files.deleteIfExists(dataDir.resolve(SqliteStore.FILE_NAME + suffix));
    }

    /** Opens, as {@link #store}, a database an older version left: its schema at {@code version}, and {@code rows}. */
    private Path openLeftBy(int version, String rows) throws Exception {
        store.close();
        Path old = dir.resolve("old");
        Files.createDirectories(old);
        try (var c = DriverManager.getConnection("jdbc:sqlite:" + old.resolve(SqliteStore.FILE_NAME))) {
            Migrations.apply(c, version);
            c.createStatement().execute(rows);
        }
        store = SqliteStore.open(old);
        return old;
    }

    private static java.util.Map<String, Integer> signingKeys(Path dataDir) throws Exception {
        java.util.Map<String, Integer> out = new java.util.HashMap<>();
        try (var c = DriverManager.getConnection("jdbc:sqlite:" + dataDir.resolve(SqliteStore.FILE_NAME));
             ResultSet rs = c.createStatement().executeQuery("SELECT id, length(signing_key) FROM sessions")) {
            while (rs.next()) out.put(rs.getString(1), rs.getInt(2));
        }
        return out;
    }

    @Test
    void aFileThatIsNotADatabaseGivesAClearError() throws Exception {
        Path bad = dir.resolve("bad");
        Files.createDirectories(bad);
        Files.writeString(bad.resolve(SqliteStore.FILE_NAME), "this is not a database, just text ".repeat(100));
        assertThatThrownBy(() -> SqliteStore.open(bad)).isInstanceOf(StoreException.class)
                .hasMessageContaining(bad.resolve(SqliteStore.FILE_NAME).toString());
    }

    @Test
    void readThenWriteTransactionsSurviveTheEventWriterCommittingMeanwhile() throws Exception {
        SqliteStore sqlite = (SqliteStore) store;
        SqliteDemoRepository demo = new SqliteDemoRepository(sqlite);
        java.util.concurrent.atomic.AtomicBoolean stop = new java.util.concurrent.atomic.AtomicBoolean();
        java.util.concurrent.atomic.AtomicReference<Throwable> writerFailure = new java.util.concurrent.atomic.AtomicReference<>();
        Thread writer = new Thread(() -> {
            long id = 0;
            try {
                while (!stop.get()) {
                    java.util.List<dev.palisade.engine.event.Event> batch = new java.util.ArrayList<>();
                    for (int i = 0; i < 50; i++) {
                        batch.add(new dev.palisade.engine.event.Event(++id, id, dev.palisade.engine.event.EventType.SYSTEM,
                                "load", "", "", "", "", "", "", 0, 0, ""));
                    }
                    sqlite.appendEvents(batch);
                }
            } catch (Throwable t) {
                writerFailure.set(t);
            }
        });
        writer.start();
        try {
            for (int i = 0; i < 200; i++) {
                demo.addToCart("alice", "book", 1);
                assertThat(demo.placeOrder("alice", i)).isPresent();
            }
        } finally {
            stop.set(true);
            writer.join();
        }
        assertThat(writerFailure.get()).isNull();
        assertThat(demo.orders("alice")).hasSize(200);
    }

    private static Store open(Path p) {
        return SqliteStore.open(p);
    }
}
