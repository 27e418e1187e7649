package dev.palisade.store.sqlite;

import dev.palisade.engine.admin.OperatorToken;
import dev.palisade.engine.admin.Role;
import dev.palisade.engine.auth.ApiKey;
import dev.palisade.engine.auth.DebugToken;
import dev.palisade.engine.blacklist.BlacklistEntry;
import dev.palisade.engine.blacklist.EntryKind;
import dev.palisade.engine.auth.UserAccount;
import dev.palisade.engine.event.Event;
import dev.palisade.engine.event.EventQuery;
import dev.palisade.engine.event.EventType;
import dev.palisade.engine.event.Rollup;
import dev.palisade.engine.session.SessionOrigin;
import dev.palisade.engine.session.SessionRecord;
import dev.palisade.engine.session.SigningKey;
import dev.palisade.engine.store.Store;
import dev.palisade.engine.store.StoreException;
import dev.palisade.store.PrivateFiles;
import org.sqlite.SQLiteConfig;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The embedded store: one SQLite file in WAL mode. Connections of their own for the event batch
 * writer, the reports and the health check, and one for everything else, so a large event batch never
 * holds up a login or an admin query (WAL lets readers proceed while the writer commits).
 */
public final class SqliteStore implements Store {

    public static final String FILE_NAME = "palisade.db";
    /**
     * The runs table's marks: the last run stopped cleanly; the file is a copy --backup wrote, or one --restore put in
     * place, not started from yet (told apart: a --backup copy never has a -wal of its own, a restored one may).
     */
    private static final int STOPPED_CLEANLY = 1, A_BACKUP = 2, RESTORED = 3;
    private static final byte[] NO_KEY = new byte[0];

    private final Path file;
    private final Connection main;
    private final Connection eventWriter;
    /**
     * The reports over events and rollups, which may read much of the table: on a connection of their
     * own (WAL lets it read beside the writers), so an operator's look never stalls the logins, logouts
     * and checkpoints that write through {@link #main}.
     */
    private final Connection reports;
    /**
     * Reports under way or waiting for {@link #reports}: one may read for seconds, and each waiting one holds a thread
     * of the admin listener (a burst of them held every thread a listener had, audit 49); past these, refused at once.
     */
    static final int REPORTS_AT_ONCE = 8;
    private final java.util.concurrent.Semaphore reportPlaces = new java.util.concurrent.Semaphore(REPORTS_AT_ONCE);
    /**
     * The health check's own: a probe must answer at once, and reads on {@link #main} wait while a
     * write there waits out a lock another process holds (up to its 10 s busy timeout, one write after
     * another: a balancer's probe timed out, and the answer that came said "ok" of a later moment).
     */
    private final Connection probe;
    /** The database file as opened (its inode): deleted or replaced under the server, what it writes is lost. */
    private final Object fileKey;

    private SqliteStore(Path file, Connection main, Connection eventWriter, Connection reports, Connection probe) {
        this.file = file;
        this.main = main;
        this.eventWriter = eventWriter;
        this.reports = reports;
        this.probe = probe;
        this.fileKey = fileKey(file);
    }

    /** Opens (creating if needed) {@code <dataDir>/palisade.db} and brings its schema up to date. */
    public static SqliteStore open(Path dataDir) {
        Path file = dataDir.resolve(FILE_NAME);
        try {
            PrivateFiles.directory(dataDir);
            PrivateFiles.file(file); // signing keys and password hashes live here
            // the main connection's commits (logins, admin changes, checkpoints) reach the disk before they
            // are answered, power loss included; events, many and replaceable, are written as the OS finds time
            Connection main = connect(file, SQLiteConfig.SynchronousMode.FULL);
            Migrations.apply(main);
            return new SqliteStore(file, main, connect(file, SQLiteConfig.SynchronousMode.NORMAL),
                    connect(file, SQLiteConfig.SynchronousMode.NORMAL), connect(file, SQLiteConfig.SynchronousMode.NORMAL, PROBE_BUSY_MILLIS));
        } catch (SQLException | java.io.IOException e) {
            throw new StoreException("cannot open the database " + file + ": " + e.getMessage(), e);
        }
    }

    private static Connection connect(Path file, SQLiteConfig.SynchronousMode synchronous) throws SQLException {
        return connect(file, synchronous, 10_000);
    }

    /** How long the health check's read waits for a lock (WAL readers seldom need one: a checkpoint's reset). */
    private static final int PROBE_BUSY_MILLIS = 1_000;
    /** A write waiting this long for the database fails the health check while it waits. */
    static final long WRITE_WAIT_NANOS = 5_000_000_000L;

    private static Connection connect(Path file, SQLiteConfig.SynchronousMode synchronous, int busyMillis) throws SQLException {
        SQLiteConfig config = new SQLiteConfig();
        config.setJournalMode(SQLiteConfig.JournalMode.WAL);
        config.setSynchronous(synchronous);
        config.setBusyTimeout(busyMillis);
        // Write transactions take the write lock at BEGIN: a deferred one that read first would
        // fail with SQLITE_BUSY_SNAPSHOT (no retry) once the other connection had committed.
        config.setTransactionMode(SQLiteConfig.TransactionMode.IMMEDIATE);
        return DriverManager.getConnection("jdbc:sqlite:" + file.toAbsolutePath(), config.toProperties());
    }

    public Path file() { return file; }

    @FunctionalInterface
    interface Work<T> {
        T run(Connection c) throws SQLException;
    }

    /** Runs read-only {@code work} on the main connection without holding the write lock. */
    <T> T read(String what, Work<T> work) {
        return readOn(main, what, work);
    }

    /**
     * Runs read-only {@code work} on the reports' connection, one report at a time.
     *
     * @throws dev.palisade.engine.Denial {@code report_busy} when {@link #REPORTS_AT_ONCE} are under way or waiting
     */
    <T> T report(String what, Work<T> work) {
        if (!reportPlaces.tryAcquire()) {
            throw dev.palisade.engine.Denial.reportBusy(REPORTS_AT_ONCE + " reports of the database are being made or"
                    + " wait for it");
        }
        try {
            return readOn(reports, what, work);
        } finally {
            reportPlaces.release();
        }
    }

    private static <T> T readOn(Connection c, String what, Work<T> work) {
        synchronized (c) {
            try {
                return work.run(c);
            } catch (SQLException e) {
                throw new StoreException("cannot " + what + ": " + e.getMessage(), e, outage(e));
            }
        }
    }

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(SqliteStore.class);
    /** The stored labels warned of, each once: an event page may read the same one many times. */
    private static final dev.palisade.engine.FirstTimes WARNED = new dev.palisade.engine.FirstTimes();

    /**
     * A stored label read as this version names it, or null (with a warning, once) for one it does not know:
     * written by a newer version before a downgrade, or by hand. Such a row is left out, never the start
     * stopped or a page of events answered 500 for it.
     */
    private static <T> T known(String what, String label, java.util.function.Function<String, T> read) {
        try {
            if (label != null) return read.apply(label);
        } catch (IllegalArgumentException e) {
            // unknown to this version
        }
        if (WARNED.first(what + " " + label)) {
            LOG.warn("rows with {} \"{}\", which this version does not know, are left out (events: read as system events)", what, label);
        }
        return null;
    }

    /** A write refused because the database file is no longer the one opened. */
    private static final class FileGone extends SQLException {
        FileGone(String message) { super(message); }
    }

    /**
     * Whether {@code e} says the database could not be used at all (its file locked by another process,
     * unreadable, read-only, removed, or its disk full), not that this statement was wrong: answered 503
     * {@code store_unavailable}, since trying again once an operator has looked may work.
     */
    static boolean outage(SQLException e) {
        if (e instanceof FileGone) return true;
        return switch (e.getErrorCode() & 0xff) { // SQLite's primary result codes
            case 5, 6 -> true;      // SQLITE_BUSY, SQLITE_LOCKED: another process holds the lock past the busy timeout
            case 7 -> true;         // SQLITE_NOMEM
            case 8, 14 -> true;     // SQLITE_READONLY, SQLITE_CANTOPEN: permissions, a read-only file system
            case 10, 13 -> true;    // SQLITE_IOERR, SQLITE_FULL: the disk
            case 11, 26 -> true;    // SQLITE_CORRUPT, SQLITE_NOTADB: the file was damaged or replaced
            case 15 -> true;        // SQLITE_PROTOCOL: the WAL's locks
            default -> false;       // a constraint, a statement SQLite refused: a defect here, answered 500
        };
    }

    /** Runs {@code work} on the main connection, one caller at a time, in a write transaction. */
    <T> T inTransaction(String what, Work<T> work) {
        synchronized (main) {
            mainWritingSince = System.nanoTime() | 1;
            try {
                // a write to a file no longer there is answered as done and lost at the next start
                String gone = fileGone();
                if (gone != null) throw new FileGone(gone);
                long before = totalChanges();
                T result = WriteTransaction.run(main, work, () -> mainWritingSince = 0);
                // only a write that wrote: a retention run that deleted nothing needs no disk, and told a node whose
                // disk was still full healthy seconds after its logins failed (audit persist55 L2)
                if (before < 0 || totalChanges() != before) mainFailedAt = 0;
                return result;
            } catch (SQLException e) {
                mainFailedAt = failedNow(e);
                throw new StoreException("cannot " + what + ": " + e.getMessage(), e, outage(e));
            } finally {
                mainWritingSince = 0;
            }
        }
    }

    /** The rows the main connection has changed since it opened (SQLite's {@code total_changes()}), or -1 when unknown. */
    private long totalChanges() {
        try {
            return main.unwrap(org.sqlite.SQLiteConnection.class).getDatabase().total_changes();
        } catch (SQLException e) {
            return -1;
        }
    }

    /**
     * Since when the write on each writing connection has waited for the write lock ({@code System.nanoTime()}),
     * 0 when none waits: the work and the commit of a long write are not waiting, and not counted.
     */
    private volatile long mainWritingSince;
    private volatile long eventsWritingSince;

    /** The file SQLite writes (a link followed, as SQLite follows it), or null when it cannot be told. */
    private static Object fileKey(Path file) {
        try {
            return java.nio.file.Files.readAttributes(file, java.nio.file.attribute.BasicFileAttributes.class).fileKey();
        } catch (java.io.IOException e) {
            return null;
        }
    }

    /** Why the database file is not the one opened (deleted, or another put in its place), or null. */
    private String fileGone() {
        if (java.nio.file.Files.notExists(file)) { // not "cannot tell" (a permission, a network file system)
            return "the database file " + file + " was deleted while the server ran: what it writes now is lost at"
                    + " the next start (stop the server and restore the file from a backup)";
        }
        Object now = fileKey(file);
        if (fileKey != null && now != null && !fileKey.equals(now)) {
            return "the database file " + file + " was replaced while the server ran: the server still writes to the"
                    + " old one (stop the server, then start it on the file wanted)";
        }
        return null;
    }

    /** How long a failed write keeps {@link #ping} failing when no write has succeeded since. */
    static final long WRITE_FAILURE_NANOS = 30_000_000_000L;
    /**
     * When the last write on each writing connection failed ({@code System.nanoTime()}), 0 once one
     * succeeded on it since: a failure of logins and changes is not hidden by events written fine.
     */
    private volatile long mainFailedAt;
    private volatile long eventsFailedAt;
    private volatile String writeFailure;

    private long failedNow(SQLException e) {
        writeFailure = e.getMessage();
        return System.nanoTime() | 1; // never 0
    }

    /**
     * Fails while the database does not answer a read, and for a while after a write failed with none
     * succeeding since: a full disk or a read-only file system still answers reads, and a health check
     * that only read said "ok" while every login and change failed. Not for ever: a node its balancer
     * took out of service gets no calls to write, and must come back once it could.
     */
    @Override
    public void ping() {
        readOn(probe, "reach the database", c -> {
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM sqlite_master")) {
                return rs.next();
            }
        });
        String gone = fileGone();
        if (gone != null) throw new StoreException(gone, null);
        long now = System.nanoTime();
        for (long since : new long[] {mainWritingSince, eventsWritingSince}) {
            if (since != 0 && now - since > WRITE_WAIT_NANOS) {
                throw new StoreException("a write has waited " + (now - since) / 1_000_000_000L + " s for the database's"
                        + " write lock (held by another process?)", null);
            }
        }
        for (long failedAt : new long[] {mainFailedAt, eventsFailedAt}) {
            long since = now - failedAt;
            if (failedAt != 0 && since < WRITE_FAILURE_NANOS) {
                throw new StoreException("a write to the database failed " + since / 1_000_000_000L + " s ago: " + writeFailure, null);
            }
        }
    }

    // --- users

    @Override
    public List<UserAccount> listUsers() {
        return read("list users", c -> {
            List<UserAccount> out = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT username, password_hash, created_at, disabled FROM users ORDER BY username");
                 ResultSet rs = ps.executeQuery()) {
                while (rs.next()) out.add(new UserAccount(rs.getString(1), rs.getString(2), rs.getLong(3), rs.getInt(4) != 0));
            }
            return out;
        });
    }

    @Override
    public boolean insertUser(UserAccount user) {
        return inTransaction("add a user", c -> {
            // NOCASE folds ASCII, all a user name may hold
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO users (username, password_hash, created_at, disabled)"
                    + " SELECT ?, ?, ?, ? WHERE NOT EXISTS (SELECT 1 FROM users WHERE username = ? COLLATE NOCASE)")) {
                ps.setString(1, user.username());
                ps.setString(2, user.passwordHash());
                ps.setLong(3, user.createdAt());
                ps.setInt(4, user.disabled() ? 1 : 0);
                ps.setString(5, user.username());
                return ps.executeUpdate() == 1;
            }
        });
    }

    @Override
    public boolean deleteUser(String username) {
        return inTransaction("delete a user", c -> update(c, "DELETE FROM users WHERE username = ?", username) == 1);
    }

    @Override
    public boolean updateUser(UserAccount expected, UserAccount next) {
        return inTransaction("update a user", c -> {
            try (PreparedStatement ps = c.prepareStatement("UPDATE users SET password_hash = ?, disabled = ?"
                    + " WHERE username = ? AND password_hash = ? AND disabled = ?")) {
                ps.setString(1, next.passwordHash());
                ps.setInt(2, next.disabled() ? 1 : 0);
                ps.setString(3, next.username());
                ps.setString(4, expected.passwordHash());
                ps.setInt(5, expected.disabled() ? 1 : 0);
                return ps.executeUpdate() == 1;
            }
        });
    }

    // --- API keys

    @Override
    public List<ApiKey> listApiKeys() {
        return read("list API keys", c -> {
            List<ApiKey> out = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT id, name, scopes, secret_hash, created_at, revoked_at,"
                    + " last_used_at FROM api_keys ORDER BY created_at");
                 ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    List<String> scopes = Arrays.stream(rs.getString(3).split("\n")).filter(s -> !s.isEmpty()).toList();
                    out.add(new ApiKey(rs.getString(1), rs.getString(2), scopes, rs.getBytes(4), rs.getLong(5),
                            rs.getLong(6), rs.getLong(7)));
                }
            }
            return out;
        });
    }

    // --- debug tokens

    @Override
    public List<DebugToken> listDebugTokens() {
        return read("list debug tokens", c -> {
            List<DebugToken> out = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT id, name, secret_hash, created_at, expires_at,"
                    + " revoked_at, last_used_at, uses FROM debug_tokens ORDER BY created_at");
                 ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new DebugToken(rs.getString(1), rs.getString(2), rs.getBytes(3), rs.getLong(4), rs.getLong(5),
                            rs.getLong(6), rs.getLong(7), rs.getLong(8)));
                }
            }
            return out;
        });
    }

    @Override
    public void insertDebugToken(DebugToken token) {
        inTransaction("add a debug token", c -> {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO debug_tokens (id, name, secret_hash, created_at,"
                    + " expires_at, revoked_at, last_used_at, uses) VALUES (?, ?, ?, ?, ?, ?, ?, ?)")) {
                ps.setString(1, token.id());
                ps.setString(2, token.name());
                ps.setBytes(3, token.secretHash());
                ps.setLong(4, token.createdAt());
                ps.setLong(5, token.expiresAt());
                ps.setLong(6, token.revokedAt());
                ps.setLong(7, token.lastUsedAt());
                ps.setLong(8, token.uses());
                return ps.executeUpdate();
            }
        });
    }

    @Override
    public boolean revokeDebugToken(String id, long at) {
        return inTransaction("revoke a debug token", c -> {
            try (PreparedStatement ps = c.prepareStatement("UPDATE debug_tokens SET revoked_at = ? WHERE id = ?"
                    + " AND revoked_at = 0")) {
                ps.setLong(1, at);
                ps.setString(2, id);
                return ps.executeUpdate() == 1;
            }
        });
    }

    /** The last batch of debug-token uses counted: one sent again after an answer lost is not counted twice. */
    private volatile String lastUsesBatch;

    @Override
    public void touchDebugTokens(String batch, Map<String, long[]> uses) {
        if (batch.equals(lastUsesBatch)) return;
        inTransaction("record debug token uses", c -> {
            try (PreparedStatement ps = c.prepareStatement("UPDATE debug_tokens SET last_used_at = MAX(last_used_at, ?),"
                    + " uses = uses + ? WHERE id = ?")) {
                for (Map.Entry<String, long[]> e : uses.entrySet()) {
                    ps.setLong(1, e.getValue()[0]);
                    ps.setLong(2, e.getValue()[1]);
                    ps.setString(3, e.getKey());
                    ps.addBatch();
                }
                return ps.executeBatch();
            }
        });
        lastUsesBatch = batch;
    }

    // --- operator tokens

    @Override
    public List<OperatorToken> listOperatorTokens() {
        return read("list operator tokens", c -> {
            List<OperatorToken> out = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT id, name, role, secret_hash, created_at, revoked_at,"
                    + " last_used_at FROM operator_tokens ORDER BY created_at, id");
                 ResultSet rs = ps.executeQuery()) {
                while (rs.next()) out.add(operatorToken(rs));
            }
            return out;
        });
    }

    @Override
    public OperatorToken findOperatorToken(String id) {
        return read("find an operator token", c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT id, name, role, secret_hash, created_at, revoked_at,"
                    + " last_used_at FROM operator_tokens WHERE id = ?")) {
                ps.setString(1, id);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? operatorToken(rs) : null;
                }
            }
        });
    }

    private static OperatorToken operatorToken(ResultSet rs) throws SQLException {
        Role role = Role.issuable(rs.getString(3));
        if (role == null) throw new SQLException("operator token " + rs.getString(1) + " has no known role");
        return new OperatorToken(rs.getString(1), rs.getString(2), role, rs.getBytes(4), rs.getLong(5), rs.getLong(6), rs.getLong(7));
    }

    @Override
    public boolean insertOperatorToken(OperatorToken token) {
        return inTransaction("add an operator token", c -> {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO operator_tokens (id, name, role, secret_hash,"
                    + " created_at, revoked_at, last_used_at) SELECT ?, ?, ?, ?, ?, ?, ?"
                    + " WHERE NOT EXISTS (SELECT 1 FROM operator_tokens WHERE name = ? COLLATE NOCASE AND revoked_at = 0)")) {
                ps.setString(1, token.id());
                ps.setString(2, token.name());
                ps.setString(3, token.role().label());
                ps.setBytes(4, token.secretHash());
                ps.setLong(5, token.createdAt());
                ps.setLong(6, token.revokedAt());
                ps.setLong(7, token.lastUsedAt());
                ps.setString(8, token.name());
                return ps.executeUpdate() == 1;
            }
        });
    }

    @Override
    public boolean revokeOperatorToken(String id, long at) {
        return inTransaction("revoke an operator token", c -> {
            try (PreparedStatement ps = c.prepareStatement("UPDATE operator_tokens SET revoked_at = ? WHERE id = ?"
                    + " AND revoked_at = 0")) {
                ps.setLong(1, at);
                ps.setString(2, id);
                return ps.executeUpdate() == 1;
            }
        });
    }

    @Override
    public void touchOperatorTokens(Map<String, Long> lastUsed) {
        inTransaction("record operator token use", c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "UPDATE operator_tokens SET last_used_at = MAX(last_used_at, ?) WHERE id = ?")) {
                for (Map.Entry<String, Long> e : lastUsed.entrySet()) {
                    ps.setLong(1, e.getValue());
                    ps.setString(2, e.getKey());
                    ps.addBatch();
                }
                return ps.executeBatch();
            }
        });
    }

    @Override
    public boolean insertApiKey(ApiKey key) {
        return inTransaction("add an API key", c -> {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO api_keys (id, name, scopes, secret_hash,"
                    + " created_at, revoked_at, last_used_at) SELECT ?, ?, ?, ?, ?, ?, ?"
                    + " WHERE NOT EXISTS (SELECT 1 FROM api_keys WHERE name = ? AND revoked_at = 0)")) {
                ps.setString(1, key.id());
                ps.setString(2, key.name());
                ps.setString(3, String.join("\n", key.scopes()));
                ps.setBytes(4, key.secretHash());
                ps.setLong(5, key.createdAt());
                ps.setLong(6, key.revokedAt());
                ps.setLong(7, key.lastUsedAt());
                ps.setString(8, key.name());
                return ps.executeUpdate() == 1;
            }
        });
    }

    @Override
    public boolean revokeApiKey(String id, long at) {
        return inTransaction("revoke an API key", c -> {
            try (PreparedStatement ps = c.prepareStatement("UPDATE api_keys SET revoked_at = ? WHERE id = ?")) {
                ps.setLong(1, at);
                ps.setString(2, id);
                return ps.executeUpdate() == 1;
            }
        });
    }

    @Override
    public void touchApiKeys(Map<String, Long> lastUsed) {
        inTransaction("record API key use", c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "UPDATE api_keys SET last_used_at = MAX(last_used_at, ?) WHERE id = ?")) {
                for (Map.Entry<String, Long> e : lastUsed.entrySet()) {
                    ps.setLong(1, e.getValue());
                    ps.setString(2, e.getKey());
                    ps.addBatch();
                }
                return ps.executeBatch();
            }
        });
    }

    // --- key ring

    @Override
    public List<SigningKey> loadSigningKeys(String ring) {
        return read("load signing keys", c -> {
            List<SigningKey> out = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT kid, secret, created_at, retired_at FROM signing_keys WHERE ring = ? ORDER BY created_at, rowid")) {
                ps.setString(1, ring);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        byte[] secret = rs.getBytes(2); // a buried key's empty secret may read as null
                        out.add(new SigningKey(rs.getString(1), secret == null ? new byte[0] : secret, rs.getLong(3), rs.getLong(4)));
                    }
                }
            }
            return out;
        });
    }

    @Override
    public void saveSigningKeys(String ring, List<SigningKey> keys) {
        inTransaction("save signing keys", c -> upsertSigningKeys(c, ring, keys));
    }

    @Override
    public boolean saveRotation(String ring, List<SigningKey> keys) {
        return inTransaction("save a key rotation", c -> {
            java.util.Set<String> writing = new java.util.HashSet<>();
            for (SigningKey k : keys) writing.add(k.kid());
            try (PreparedStatement ps = c.prepareStatement("SELECT kid FROM signing_keys WHERE ring = ? AND retired_at = 0")) {
                ps.setString(1, ring);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        if (!writing.contains(rs.getString(1))) return false;
                    }
                }
            }
            upsertSigningKeys(c, ring, keys);
            return true;
        });
    }

    private static int upsertSigningKeys(Connection c, String ring, List<SigningKey> keys) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT OR REPLACE INTO signing_keys (kid, secret, created_at,"
                + " retired_at, ring) VALUES (?, ?, ?, ?, ?)")) {
            for (SigningKey key : keys) {
                ps.setString(1, key.kid());
                ps.setBytes(2, key.secret());
                ps.setLong(3, key.createdAt());
                ps.setLong(4, key.retiredAt());
                ps.setString(5, ring);
                ps.addBatch();
            }
            return ps.executeBatch().length;
        }
    }

    // --- settings

    @Override
    public Map<String, String> loadSettings() {
        return read("load settings", c -> {
            Map<String, String> out = new LinkedHashMap<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT name, value FROM settings");
                 ResultSet rs = ps.executeQuery()) {
                while (rs.next()) out.put(rs.getString(1), rs.getString(2));
            }
            return out;
        });
    }

    @Override
    public void saveSettings(Map<String, String> settings) {
        inTransaction("save settings", c -> {
            try (PreparedStatement ps = c.prepareStatement("INSERT OR REPLACE INTO settings (name, value) VALUES (?, ?)")) {
                for (Map.Entry<String, String> e : settings.entrySet()) {
                    ps.setString(1, e.getKey());
                    ps.setString(2, e.getValue());
                    ps.addBatch();
                }
                return ps.executeBatch();
            }
        });
    }

    // --- sessions

    @Override
    public List<SessionRecord> loadSessions() {
        return read("load sessions", c -> {
            List<SessionRecord> out = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT id, username, origin, created_at, bootstrap_at,"
                    + " client_ip, user_agent, last_seen_at, calls, revoked_at, signing_key, fingerprint, automation, api_key_id,"
                    + " bootstrap_bits, bootstrap_millis FROM sessions");
                 ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    SessionOrigin origin = known("session origin", rs.getString(3), SessionOrigin::ofLabel);
                    if (origin == null) continue; // its holder logs in again
                    out.add(new SessionRecord(rs.getString(1), rs.getString(2), origin,
                            rs.getLong(4), rs.getLong(5), rs.getString(6), rs.getString(7), rs.getLong(8),
                            rs.getInt(9), rs.getLong(10), rs.getBytes(11), Fingerprints.parse(rs.getString(12)),
                            rs.getString(13), rs.getString(14),
                            // -1 (a row from before these columns, or no bootstrap) is none
                            dev.palisade.engine.session.BootstrapCost.stored(rs.getInt(15), rs.getLong(16))));
                }
            }
            return out;
        });
    }

    @Override
    public void saveSessions(Collection<SessionRecord> sessions) {
        inTransaction("save sessions", c -> {
            // a revocation, once written, stays: a checkpoint's snapshot taken just before a logout but written
            // after it would otherwise bring the session back (until the next checkpoint, or for good on a crash)
            // a revoked session's signing key is not kept: the file and its backups hold no key no one may use
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO sessions (id, username, origin,"
                    + " created_at, bootstrap_at, client_ip, user_agent, last_seen_at, calls, revoked_at, signing_key,"
                    + " fingerprint, automation, api_key_id, bootstrap_bits, bootstrap_millis)"
                    + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
                    + " ON CONFLICT (id) DO UPDATE SET username = excluded.username, origin = excluded.origin,"
                    + " created_at = excluded.created_at, bootstrap_at = excluded.bootstrap_at, client_ip = excluded.client_ip,"
                    + " user_agent = excluded.user_agent, last_seen_at = MAX(last_seen_at, excluded.last_seen_at),"
                    + " calls = MAX(calls, excluded.calls),"
                    + " revoked_at = CASE WHEN revoked_at > 0 THEN revoked_at ELSE excluded.revoked_at END,"
                    + " signing_key = CASE WHEN revoked_at > 0 OR excluded.revoked_at > 0 THEN x''"
                    + " ELSE excluded.signing_key END, fingerprint = excluded.fingerprint,"
                    + " automation = excluded.automation, api_key_id = excluded.api_key_id,"
                    + " bootstrap_bits = excluded.bootstrap_bits, bootstrap_millis = excluded.bootstrap_millis")) {
                for (SessionRecord s : sessions) {
                    ps.setString(1, s.id());
                    ps.setString(2, s.user());
                    ps.setString(3, s.origin().label());
                    ps.setLong(4, s.createdAt());
                    ps.setLong(5, s.bootstrapAt());
                    ps.setString(6, s.clientIp());
                    ps.setString(7, s.userAgent());
                    ps.setLong(8, s.lastSeenAt());
                    ps.setInt(9, s.calls());
                    ps.setLong(10, s.revokedAt());
                    ps.setBytes(11, s.revokedAt() > 0 ? NO_KEY : s.signingKey()); // no one signs with it again
                    ps.setString(12, s.fingerprint().canonical());
                    ps.setString(13, s.automation());
                    ps.setString(14, s.apiKeyId());
                    ps.setInt(15, s.bootstrap() == null ? -1 : s.bootstrap().storedBits());
                    ps.setLong(16, s.bootstrap() == null ? -1 : s.bootstrap().sincePageMillis());
                    ps.addBatch();
                }
                return ps.executeBatch();
            }
        });
    }

    @Override
    public void deleteSessions(Collection<String> ids) {
        inTransaction("delete sessions", c -> {
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM sessions WHERE id = ?");
                 PreparedStatement refused = c.prepareStatement("DELETE FROM refused_fingerprints WHERE session_id = ?")) {
                for (String id : ids) {
                    ps.setString(1, id);
                    ps.addBatch();
                    refused.setString(1, id);
                    refused.addBatch();
                }
                refused.executeBatch();
                return ps.executeBatch();
            }
        });
    }

    @Override
    public void saveRefusedFingerprints(java.util.Map<String, dev.palisade.engine.fingerprint.Fingerprint> bySession) {
        inTransaction("save refused fingerprints", c -> {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO refused_fingerprints (session_id, fingerprint)"
                    + " VALUES (?, ?) ON CONFLICT (session_id) DO UPDATE SET fingerprint = excluded.fingerprint")) {
                for (var e : bySession.entrySet()) {
                    ps.setString(1, e.getKey());
                    ps.setString(2, e.getValue().canonical());
                    ps.addBatch();
                }
                return ps.executeBatch();
            }
        });
    }

    @Override
    public java.util.Map<String, dev.palisade.engine.fingerprint.Fingerprint> loadRefusedFingerprints() {
        return read("load refused fingerprints", c -> {
            java.util.Map<String, dev.palisade.engine.fingerprint.Fingerprint> out = new java.util.HashMap<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT session_id, fingerprint FROM refused_fingerprints");
                 ResultSet rs = ps.executeQuery()) {
                while (rs.next()) out.put(rs.getString(1), Fingerprints.parse(rs.getString(2)));
            }
            return out;
        });
    }

    // --- call marks

    @Override
    public List<dev.palisade.engine.state.CallMark> loadCallMarks(long since) {
        return read("load call marks", c -> {
            List<dev.palisade.engine.state.CallMark> out = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT session_id, method, pattern, at FROM call_marks WHERE at >= ?")) {
                ps.setLong(1, since);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(new dev.palisade.engine.state.CallMark(rs.getString(1), rs.getString(2), rs.getString(3), rs.getLong(4)));
                    }
                }
            }
            return out;
        });
    }

    @Override
    public void saveCallMarks(Collection<dev.palisade.engine.state.CallMark> marks) {
        inTransaction("save call marks", c -> {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO call_marks (session_id, method, pattern, at)"
                    + " VALUES (?, ?, ?, ?) ON CONFLICT (session_id, method, pattern) DO UPDATE SET at = MAX(at, excluded.at)")) {
                for (dev.palisade.engine.state.CallMark m : marks) {
                    ps.setString(1, m.sessionId());
                    ps.setString(2, m.method());
                    ps.setString(3, m.pattern());
                    ps.setLong(4, m.at());
                    ps.addBatch();
                }
                return ps.executeBatch();
            }
        });
    }

    @Override
    public void deleteCallMarksOf(Collection<String> sessionIds) {
        inTransaction("delete call marks", c -> {
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM call_marks WHERE session_id = ?")) {
                for (String id : sessionIds) {
                    ps.setString(1, id);
                    ps.addBatch();
                }
                return ps.executeBatch();
            }
        });
    }

    @Override
    public void deleteCallMarksBefore(long before) {
        inTransaction("delete old call marks", c -> {
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM call_marks WHERE at < ?")) {
                ps.setLong(1, before);
                return ps.executeUpdate();
            }
        });
    }

    // --- nonces of signatures created ahead of the clock

    @Override
    public List<dev.palisade.engine.state.SpentNonce> loadSpentNonces(long fromSecond) {
        return read("load spent nonces", c -> {
            List<dev.palisade.engine.state.SpentNonce> out = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT created, session, nonce FROM spent_nonces WHERE created >= ?")) {
                ps.setLong(1, fromSecond);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) out.add(new dev.palisade.engine.state.SpentNonce(rs.getLong(1), rs.getLong(2), rs.getLong(3)));
                }
            }
            return out;
        });
    }

    @Override
    public void saveSpentNonces(Collection<dev.palisade.engine.state.SpentNonce> nonces) {
        inTransaction("save spent nonces", c -> {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO spent_nonces (created, session, nonce) VALUES (?, ?, ?)")) {
                for (dev.palisade.engine.state.SpentNonce n : nonces) {
                    ps.setLong(1, n.createdSecond());
                    ps.setLong(2, n.session());
                    ps.setLong(3, n.nonce());
                    ps.addBatch();
                }
                return ps.executeBatch();
            }
        });
    }

    @Override
    public void deleteSpentNoncesBefore(long second) {
        inTransaction("delete old spent nonces", c -> {
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM spent_nonces WHERE created < ?")) {
                ps.setLong(1, second);
                return ps.executeUpdate();
            }
        });
    }

    @Override
    public long loadSignedThrough() {
        return read("load the last signed second", c -> {
            try (Statement st = c.createStatement();
                 ResultSet rs = st.executeQuery("SELECT signed_through FROM runs WHERE id = 1 AND signed_through IS NOT NULL")) {
                return rs.next() ? rs.getLong(1) : Long.MIN_VALUE;
            }
        });
    }

    @Override
    public void saveSignedThrough(long second) {
        inTransaction("save the last signed second", c -> {
            try (PreparedStatement ps = c.prepareStatement("UPDATE runs SET signed_through = ? WHERE id = 1")) {
                ps.setLong(1, second);
                return ps.executeUpdate();
            }
        });
    }

    // --- login failures

    @Override
    public List<dev.palisade.engine.state.LoginFailures.Kept> loadLoginFailures(long since) {
        return read("load failed logins", c -> {
            List<dev.palisade.engine.state.LoginFailures.Kept> out = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT username, client, count, first_at, last_at FROM login_failures WHERE last_at >= ?")) {
                ps.setLong(1, since);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(new dev.palisade.engine.state.LoginFailures.Kept(rs.getString(1), rs.getString(2),
                                new dev.palisade.engine.state.LoginFailures.Failures(rs.getInt(3), rs.getLong(4), rs.getLong(5))));
                    }
                }
            }
            return out;
        });
    }

    @Override
    public void saveLoginFailures(Collection<dev.palisade.engine.state.LoginFailures.Kept> kept) {
        inTransaction("save failed logins", c -> {
            try (PreparedStatement put = c.prepareStatement("INSERT INTO login_failures (username, client, count, first_at,"
                    + " last_at) VALUES (?, ?, ?, ?, ?) ON CONFLICT (username, client) DO UPDATE SET count = excluded.count,"
                    + " first_at = excluded.first_at, last_at = excluded.last_at");
                 PreparedStatement forget = c.prepareStatement("DELETE FROM login_failures WHERE username = ? AND client = ?")) {
                for (dev.palisade.engine.state.LoginFailures.Kept k : kept) {
                    PreparedStatement ps = k.failures() == null ? forget : put;
                    ps.setString(1, k.user());
                    ps.setString(2, k.client());
                    if (k.failures() != null) {
                        ps.setInt(3, k.failures().count());
                        ps.setLong(4, k.failures().first());
                        ps.setLong(5, k.failures().last());
                    }
                    ps.addBatch();
                }
                put.executeBatch();
                return forget.executeBatch();
            }
        });
    }

    @Override
    public List<dev.palisade.engine.state.LoginFailures.Known> loadKnownClients() {
        return read("load known login clients", c -> {
            java.util.Map<String, List<String>> byUser = new java.util.LinkedHashMap<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT username, client FROM login_clients ORDER BY username, rank");
                 ResultSet rs = ps.executeQuery()) {
                while (rs.next()) byUser.computeIfAbsent(rs.getString(1), u -> new ArrayList<>()).add(rs.getString(2));
            }
            List<dev.palisade.engine.state.LoginFailures.Known> out = new ArrayList<>(byUser.size());
            byUser.forEach((user, clients) -> out.add(new dev.palisade.engine.state.LoginFailures.Known(user, clients)));
            return out;
        });
    }

    @Override
    public void saveKnownClients(Collection<dev.palisade.engine.state.LoginFailures.Known> known) {
        inTransaction("save known login clients", c -> {
            try (PreparedStatement forget = c.prepareStatement("DELETE FROM login_clients WHERE username = ?");
                 PreparedStatement put = c.prepareStatement("INSERT INTO login_clients (username, client, rank) VALUES (?, ?, ?)")) {
                for (dev.palisade.engine.state.LoginFailures.Known k : known) {
                    forget.setString(1, k.user());
                    forget.addBatch();
                    for (int rank = 0; rank < k.clients().size(); rank++) {
                        put.setString(1, k.user());
                        put.setString(2, k.clients().get(rank));
                        put.setInt(3, rank);
                        put.addBatch();
                    }
                }
                forget.executeBatch();
                return put.executeBatch();
            }
        });
    }

    // --- blacklist

    @Override
    public List<BlacklistEntry> listBlacklist() {
        return read("list the blacklist", c -> {
            List<BlacklistEntry> out = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT id, kind, value, reason, created_by, created_at, expires_at FROM blacklist ORDER BY created_at");
                 ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    EntryKind kind = known("blacklist kind", rs.getString(2), EntryKind::ofLabel);
                    if (kind == null) continue;
                    out.add(new BlacklistEntry(rs.getString(1), kind, rs.getString(3),
                            rs.getString(4), rs.getString(5), rs.getLong(6), rs.getLong(7)));
                }
            }
            return out;
        });
    }

    @Override
    public BlacklistEntry findBlacklist(String id) {
        return read("find a blacklist entry", c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT id, kind, value, reason, created_by, created_at, expires_at FROM blacklist WHERE id = ?")) {
                ps.setString(1, id);
                try (ResultSet rs = ps.executeQuery()) {
                    EntryKind kind = rs.next() ? known("blacklist kind", rs.getString(2), EntryKind::ofLabel) : null;
                    return kind == null ? null : new BlacklistEntry(rs.getString(1), kind, rs.getString(3),
                            rs.getString(4), rs.getString(5), rs.getLong(6), rs.getLong(7));
                }
            }
        });
    }

    @Override
    public void insertBlacklist(Collection<BlacklistEntry> entries) {
        inTransaction("add to the blacklist", c -> {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO blacklist (id, kind, value, reason, created_by,"
                    + " created_at, expires_at) VALUES (?, ?, ?, ?, ?, ?, ?)")) {
                for (BlacklistEntry e : entries) {
                    ps.setString(1, e.id());
                    ps.setString(2, e.kind().label());
                    ps.setString(3, e.value());
                    ps.setString(4, e.reason());
                    ps.setString(5, e.createdBy());
                    ps.setLong(6, e.createdAt());
                    ps.setLong(7, e.expiresAt());
                    ps.addBatch();
                }
                return ps.executeBatch();
            }
        });
    }

    @Override
    public boolean deleteBlacklist(String id) {
        return inTransaction("remove from the blacklist", c -> update(c, "DELETE FROM blacklist WHERE id = ?", id) == 1);
    }

    // --- events

    @Override
    public long lastEventId() {
        return read("read the last event id", c -> {
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT COALESCE(MAX(id), 0) FROM events")) {
                return rs.next() ? rs.getLong(1) : 0L;
            }
        });
    }

    @Override
    public dev.palisade.engine.store.PreviousRun startRun() {
        dev.palisade.engine.store.PreviousRun previous = markRunBegun();
        // the start written into the database file itself, not left in its -wal until a checkpoint (hours on a quiet
        // server): a file still marked as a copy is then one no server started from, which --restore relies on to
        // leave a -wal beside a --backup copy where it is, and to bring a started database's own
        synchronized (main) {
            try (Statement st = main.createStatement()) {
                st.execute("PRAGMA wal_checkpoint(TRUNCATE)");
            } catch (SQLException e) {
                // the start stands in the -wal; the next checkpoint writes it through
            }
        }
        return previous;
    }

    private dev.palisade.engine.store.PreviousRun markRunBegun() {
        return inTransaction("mark a run begun", c -> {
            dev.palisade.engine.store.PreviousRun previous;
            try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT stopped_cleanly FROM runs WHERE id = 1")) {
                int mark = rs.next() ? rs.getInt(1) : STOPPED_CLEANLY;
                previous = mark == STOPPED_CLEANLY ? dev.palisade.engine.store.PreviousRun.CLEAN
                        : mark == A_BACKUP || mark == RESTORED ? dev.palisade.engine.store.PreviousRun.FROM_BACKUP
                        : dev.palisade.engine.store.PreviousRun.UNCLEAN;
            }
            try (Statement st = c.createStatement()) {
                st.executeUpdate("INSERT INTO runs (id, stopped_cleanly) VALUES (1, 0)"
                        + " ON CONFLICT (id) DO UPDATE SET stopped_cleanly = 0");
            }
            return previous;
        });
    }

    /** Whether the runs table says the file is a copy --backup wrote, not started from yet ({@link #markAsBackup}). */
    static boolean markedAsBackup(Connection db) throws SQLException {
        if (!hasRuns(db)) return false;
        try (Statement st = db.createStatement(); ResultSet rs = st.executeQuery("SELECT stopped_cleanly FROM runs WHERE id = 1")) {
            return rs.next() && rs.getInt(1) == A_BACKUP;
        }
    }

    /**
     * The runs table's mark in a backup copy ({@link SqliteBackup}): its first start says it began from a
     * backup, not that a run was killed (the copy was taken while the server ran).
     */
    static void markAsBackup(Connection copy) throws SQLException {
        mark(copy, A_BACKUP);
    }

    /** The same mark's kind for a copy {@link SqliteRestore} put in place: its first start says it began from a backup. */
    static void markAsRestored(Connection copy) throws SQLException {
        mark(copy, RESTORED);
    }

    private static void mark(Connection copy, int mark) throws SQLException {
        if (!hasRuns(copy)) return; // a database of a version before the table: its first start adds it, marked clean
        try (Statement st = copy.createStatement()) {
            st.executeUpdate("UPDATE runs SET stopped_cleanly = " + mark + " WHERE id = 1");
        }
    }

    private static boolean hasRuns(Connection db) throws SQLException {
        try (Statement st = db.createStatement();
             ResultSet runs = st.executeQuery("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'runs'")) {
            return runs.next();
        }
    }

    @Override
    public void stoppedCleanly() {
        inTransaction("mark the run stopped cleanly", c -> {
            try (Statement st = c.createStatement()) {
                return st.executeUpdate("UPDATE runs SET stopped_cleanly = 1 WHERE id = 1");
            }
        });
    }

    @Override
    public void appendEvents(List<Event> batch) {
        writeEvents(batch, null, false);
    }

    @Override
    public void appendEventsDurably(List<Event> batch) {
        writeEvents(batch, null, true);
    }

    @Override
    public void appendMirrored(List<Event> batch, String position) {
        writeEvents(batch, position, false);
    }

    @Override
    public String mirrorPosition() {
        return read("read where the cluster's events were read to", c -> {
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT position FROM event_mirror")) {
                return rs.next() ? rs.getString(1) : "";
            }
        });
    }

    /**
     * The events and, for events of other nodes, where reading them stopped: one transaction, so a crash loses neither.
     * {@code durably}: synced to disk at its commit, as the main connection's changes are (audit 61, L1), where the
     * writer's batches wait for a later synced commit or a checkpoint.
     */
    private void writeEvents(List<Event> batch, String position, boolean durably) {
        synchronized (eventWriter) {
            eventsWritingSince = System.nanoTime() | 1;
            try {
                String gone = fileGone(); // written there, they would be counted as stored and lost
                if (gone != null) throw new FileGone(gone);
                if (durably) synchronous(eventWriter, "FULL");
                try {
                    insertEvents(batch, position);
                } finally {
                    if (durably) backToNormal();
                }
                eventsFailedAt = 0;
            } catch (SQLException e) {
                eventsFailedAt = failedNow(e);
                throw new StoreException("cannot write " + batch.size() + " events: " + e.getMessage(), e, outage(e));
            } finally {
                eventsWritingSince = 0;
            }
        }
    }

    /**
     * The event writer's batches synced as before a durable write: a failure here (the write's own, say) must not
     * hide the write's outcome; the batches then sync to disk each, slower but safe, and the next durable write tries again.
     */
    private void backToNormal() {
        try {
            synchronous(eventWriter, "NORMAL");
        } catch (SQLException e) {
            LOG.warn("The event writer stays synced to disk on every batch: {}", e.getMessage());
        }
    }

    private static void synchronous(Connection c, String mode) throws SQLException {
        try (Statement st = c.createStatement()) {
            st.execute("PRAGMA synchronous = " + mode);
        }
    }

    private void insertEvents(List<Event> batch, String position) throws SQLException {
                WriteTransaction.run(eventWriter, c -> {
                    try (PreparedStatement ps = eventWriter.prepareStatement("INSERT OR IGNORE INTO events (id, at, type,"
                            + " code, check_name, session_id, username, ip, method, path, status, cost_ns, detail, actor, node)"
                            + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
                        for (Event e : batch) {
                            ps.setLong(1, e.id());
                            ps.setLong(2, e.at());
                            ps.setString(3, e.type().label());
                            ps.setString(4, e.code());
                            ps.setString(5, e.check());
                            ps.setString(6, e.sessionId());
                            ps.setString(7, e.user());
                            ps.setString(8, e.ip());
                            ps.setString(9, e.method());
                            ps.setString(10, e.path());
                            ps.setInt(11, e.status());
                            ps.setLong(12, e.costNanos());
                            ps.setString(13, e.detail());
                            ps.setString(14, e.actor());
                            ps.setString(15, e.node());
                            ps.addBatch();
                        }
                        ps.executeBatch();
                        if (position != null) {
                            try (PreparedStatement mark = eventWriter.prepareStatement(
                                    "INSERT INTO event_mirror (id, position) VALUES (1, ?)"
                                            + " ON CONFLICT (id) DO UPDATE SET position = excluded.position")) {
                                mark.setString(1, position);
                                mark.executeUpdate();
                            }
                        }
                        return null;
                    }
                }, () -> eventsWritingSince = 0);
    }

    @Override
    public List<Event> queryEvents(EventQuery q) {
        StringBuilder sql = new StringBuilder("SELECT id, at, type, code, check_name, session_id, username, ip, method,"
                + " path, status, cost_ns, detail, actor, node FROM events");
        List<Object> args = new ArrayList<>();
        where(q, sql, args);
        sql.append(" ORDER BY id DESC LIMIT ? OFFSET ?");
        args.add(q.limit());
        args.add(q.offset());
        return report("query events", c -> {
            List<Event> out = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement(sql.toString())) {
                for (int i = 0; i < args.size(); i++) ps.setObject(i + 1, args.get(i));
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        EventType type = known("event type", rs.getString(3), EventType::ofLabel);
                        String detail = rs.getString(13);
                        if (type == null) {
                            // kept, as a system event saying so: a page short of a row reads as the last one to
                            // the export and the preview, which would stop there
                            detail = "(stored as type " + rs.getString(3) + ", which this version does not know) " + detail;
                            type = EventType.SYSTEM;
                        }
                        out.add(new Event(rs.getLong(1), rs.getLong(2), type,
                                rs.getString(4), rs.getString(5), rs.getString(6), rs.getString(7), rs.getString(8),
                                rs.getString(9), rs.getString(10), rs.getInt(11), rs.getLong(12), detail,
                                rs.getString(14), rs.getString(15)));
                    }
                }
            }
            return out;
        });
    }

    @Override
    public long countEvents(EventQuery q) {
        StringBuilder sql = new StringBuilder("SELECT COUNT(*) FROM events");
        List<Object> args = new ArrayList<>();
        where(q, sql, args);
        return report("count events", c -> {
            try (PreparedStatement ps = c.prepareStatement(sql.toString())) {
                for (int i = 0; i < args.size(); i++) ps.setObject(i + 1, args.get(i));
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? rs.getLong(1) : 0L;
                }
            }
        });
    }

    @Override
    public java.util.Map<Long, Long> refusalSeries(long from, long to, long step) {
        return report("count refusals over time", c -> series(c, "SELECT (at - ?1) / ?3 AS b, COUNT(*) FROM events"
                + " WHERE at >= ?1 AND at < ?2 AND status >= 400 AND type IN ('decision', 'auth') GROUP BY b", from, to, step));
    }

    @Override
    public java.util.Map<Long, Long> rollupSeries(long from, long to, long step) {
        return report("sum calls over time", c -> series(c, "SELECT (minute - ?1) / ?3 AS b, SUM(calls) FROM rollups"
                + " WHERE minute >= ?1 AND minute < ?2 AND dimension = 'all' GROUP BY b", from, to, step));
    }

    private static java.util.Map<Long, Long> series(Connection c, String sql, long from, long to, long step) throws SQLException {
        java.util.Map<Long, Long> out = new java.util.TreeMap<>();
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setLong(1, from);
            ps.setLong(2, to);
            ps.setLong(3, step);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) out.put(from + rs.getLong(1) * step, rs.getLong(2));
            }
        }
        return out;
    }

    @Override
    public List<dev.palisade.engine.event.Rollup.Total> topRefusals(String column, long from, long to, int limit) {
        String name = switch (column) {
            case "code", "price" -> "code";
            case "ip" -> "ip";
            case "session" -> "session_id";
            default -> throw new IllegalArgumentException("cannot count refusals by " + column);
        };
        String byPrice = column.equals("price") ? " AND check_name = 'price'" : "";
        String sql = "SELECT " + name + ", COUNT(*) AS n FROM events WHERE at >= ? AND at < ? AND status >= 400"
                + " AND type IN ('decision', 'auth') AND " + name + " != ''" + byPrice + " GROUP BY " + name
                + " ORDER BY n DESC, " + name + " LIMIT ?";
        return report("count refusals by " + column, c -> {
            List<dev.palisade.engine.event.Rollup.Total> out = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                ps.setLong(1, from);
                ps.setLong(2, to);
                ps.setInt(3, limit);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) out.add(new dev.palisade.engine.event.Rollup.Total(rs.getString(1), rs.getLong(2)));
                }
            }
            return out;
        });
    }

    /** The query's filter as a WHERE clause, its values appended to {@code args}. */
    private static void where(EventQuery q, StringBuilder sql, List<Object> args) {
        sql.append(" WHERE 1 = 1");
        if (q.from() != null) {
            // and from the first such event's id on: every event at or after from has an id at or above it, so a
            // newest-first page that finds fewer than it wants stops there instead of reading back to the first event
            sql.append(" AND at >= ? AND id >= (SELECT MIN(id) FROM events WHERE at >= ?)");
            args.add(q.from());
            args.add(q.from());
        }
        if (q.to() != null) { sql.append(" AND at < ?"); args.add(q.to()); }
        if (q.type() != null) { sql.append(" AND type = ?"); args.add(q.type().label()); }
        if (q.code() != null) { sql.append(" AND code = ?"); args.add(q.code()); }
        if (q.check() != null) {
            // events of no check hold "" (the column is NOT NULL), so <> keeps them
            sql.append(q.check().except() ? " AND check_name <> ?" : " AND check_name = ?");
            args.add(q.check().name());
        }
        if (q.sessionId() != null) { sql.append(" AND session_id = ?"); args.add(q.sessionId()); }
        if (q.ip() != null) { sql.append(" AND ip = ?"); args.add(q.ip()); }
        if (q.user() != null) { sql.append(" AND username = ?"); args.add(q.user()); }
        if (q.node() != null) { sql.append(" AND node = ?"); args.add(q.node()); }
        if (q.beforeId() != null) { sql.append(" AND id < ?"); args.add(q.beforeId()); }
    }

    /** Events deleted by one retention step: the event writer and the logins get the write lock between steps. */
    static final int RETENTION_STEP = 10_000;

    @Override
    public long deleteEventsBefore(long epochMillis, long mostRows) {
        long deleted = 0;
        for (int n = RETENTION_STEP; n == RETENTION_STEP && deleted < mostRows; deleted += n) {
            n = inTransaction("apply event retention", c -> {
                try (PreparedStatement ps = c.prepareStatement(
                        "DELETE FROM events WHERE id IN (SELECT id FROM events WHERE at < ? LIMIT " + RETENTION_STEP + ")")) {
                    ps.setLong(1, epochMillis);
                    return ps.executeUpdate();
                }
            });
        }
        return deleted;
    }

    @Override
    public void addRollups(List<Rollup> rows) {
        if (!rows.isEmpty()) inTransaction("add call rollups", c -> SqliteRollups.add(c, rows));
    }

    @Override
    public List<Rollup.Total> topRollups(Rollup.Dimension dimension, long from, long to, int limit) {
        return report("read call rollups", c -> SqliteRollups.top(c, dimension, from, to, limit));
    }

    @Override
    public List<Rollup.Total> rollupsOf(Rollup.Dimension dimension, long from, long to, Collection<String> keys) {
        return keys.isEmpty() ? List.of() : report("read call rollups", c -> SqliteRollups.of(c, dimension, from, to, keys));
    }

    @Override
    public long deleteRollupsBefore(long epochMillis) {
        return inTransaction("apply rollup retention", c -> SqliteRollups.deleteBefore(c, epochMillis));
    }

    private static int update(Connection c, String sql, String arg) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, arg);
            return ps.executeUpdate();
        }
    }

    @Override
    public void close() {
        synchronized (eventWriter) {
            closeQuietly(eventWriter);
        }
        synchronized (reports) {
            closeQuietly(reports);
        }
        synchronized (probe) {
            closeQuietly(probe);
        }
        synchronized (main) {
            closeQuietly(main);
        }
    }

    private static void closeQuietly(Connection c) {
        try {
            c.close();
        } catch (SQLException ignored) {
            // closing at shutdown: nothing left to save on this connection
        }
    }
}
