package dev.palisade.store.sqlite;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

/**
 * The schema, as an append-only list of steps; {@code PRAGMA user_version} records how many ran.
 * Never edit a released step: add a new one.
 */
final class Migrations {

    private static final List<String[]> STEPS = List.<String[]>of(
            new String[] {
                    "CREATE TABLE users (username TEXT PRIMARY KEY, password_hash TEXT NOT NULL, created_at INTEGER NOT NULL)",
                    "CREATE TABLE api_keys (id TEXT PRIMARY KEY, name TEXT NOT NULL, scopes TEXT NOT NULL,"
                            + " secret_hash BLOB NOT NULL, created_at INTEGER NOT NULL, revoked_at INTEGER NOT NULL DEFAULT 0,"
                            + " last_used_at INTEGER NOT NULL DEFAULT 0)",
                    "CREATE TABLE signing_keys (kid TEXT PRIMARY KEY, secret BLOB NOT NULL, created_at INTEGER NOT NULL,"
                            + " retired_at INTEGER NOT NULL DEFAULT 0)",
                    "CREATE TABLE settings (name TEXT PRIMARY KEY, value TEXT NOT NULL)",
                    "CREATE TABLE sessions (id TEXT PRIMARY KEY, username TEXT NOT NULL, origin TEXT NOT NULL,"
                            + " created_at INTEGER NOT NULL, bootstrap_at INTEGER NOT NULL, client_ip TEXT NOT NULL,"
                            + " user_agent TEXT NOT NULL, last_seen_at INTEGER NOT NULL, calls INTEGER NOT NULL,"
                            + " revoked_at INTEGER NOT NULL DEFAULT 0)",
                    // no secondary index: inserts stay fast, and queries walk back from the newest id
                    "CREATE TABLE events (id INTEGER PRIMARY KEY, at INTEGER NOT NULL, type TEXT NOT NULL, code TEXT NOT NULL,"
                            + " check_name TEXT NOT NULL, session_id TEXT NOT NULL, username TEXT NOT NULL, ip TEXT NOT NULL,"
                            + " method TEXT NOT NULL, path TEXT NOT NULL, status INTEGER NOT NULL, cost_ns INTEGER NOT NULL,"
                            + " detail TEXT NOT NULL)",
                    "CREATE TABLE notes (id INTEGER PRIMARY KEY AUTOINCREMENT, owner TEXT NOT NULL, title TEXT NOT NULL,"
                            + " body TEXT NOT NULL, created_at INTEGER NOT NULL, updated_at INTEGER NOT NULL)",
                    "CREATE INDEX notes_owner ON notes (owner)",
                    "CREATE TABLE cart_items (owner TEXT NOT NULL, item TEXT NOT NULL, quantity INTEGER NOT NULL,"
                            + " PRIMARY KEY (owner, item))",
                    "CREATE TABLE orders (id INTEGER PRIMARY KEY AUTOINCREMENT, owner TEXT NOT NULL, items TEXT NOT NULL,"
                            + " created_at INTEGER NOT NULL)",
            },
            new String[] {
                    // technique 3: each session's request-signing key
                    "ALTER TABLE sessions ADD COLUMN signing_key BLOB NOT NULL DEFAULT x''",
                    // technique 5: the fingerprint a session is bound to, and the salt ring
                    "ALTER TABLE sessions ADD COLUMN fingerprint TEXT NOT NULL DEFAULT ''",
                    "ALTER TABLE signing_keys ADD COLUMN ring TEXT NOT NULL DEFAULT 'jwt'",
            },
            new String[] {
                    // technique 7, with the usual suspects as removable defaults
                    "CREATE TABLE blacklist (id TEXT PRIMARY KEY, kind TEXT NOT NULL, value TEXT NOT NULL,"
                            + " reason TEXT NOT NULL, created_by TEXT NOT NULL, created_at INTEGER NOT NULL,"
                            + " expires_at INTEGER NOT NULL DEFAULT 0)",
                    defaultAgents(),
            },
            new String[] {
                    // the attacker ladder: automation signals seen at bootstrap, and debug tokens
                    "ALTER TABLE sessions ADD COLUMN automation TEXT NOT NULL DEFAULT ''",
                    "CREATE TABLE debug_tokens (id TEXT PRIMARY KEY, name TEXT NOT NULL, secret_hash BLOB NOT NULL,"
                            + " created_at INTEGER NOT NULL, expires_at INTEGER NOT NULL, revoked_at INTEGER NOT NULL DEFAULT 0,"
                            + " last_used_at INTEGER NOT NULL DEFAULT 0, uses INTEGER NOT NULL DEFAULT 0)",
            },
            new String[] {
                    // allowed calls are counted per minute instead of stored one row each
                    "CREATE TABLE rollups (minute INTEGER NOT NULL, dimension TEXT NOT NULL, key TEXT NOT NULL,"
                            + " calls INTEGER NOT NULL, PRIMARY KEY (dimension, minute, key)) WITHOUT ROWID",
            },
            new String[] {
                    // operator identity: the owner's named operator tokens, and who made each admin change
                    "CREATE TABLE operator_tokens (id TEXT PRIMARY KEY, name TEXT NOT NULL, role TEXT NOT NULL,"
                            + " secret_hash BLOB NOT NULL, created_at INTEGER NOT NULL, revoked_at INTEGER NOT NULL DEFAULT 0,"
                            + " last_used_at INTEGER NOT NULL DEFAULT 0)",
                    "ALTER TABLE events ADD COLUMN actor TEXT NOT NULL DEFAULT ''",
                    // until now only the owner's token opened the admin API; Palisade made these two on its own
                    "UPDATE events SET actor = CASE WHEN code IN ('ip_auto_blocked', 'admin_throttled') THEN 'palisade'"
                            + " ELSE 'owner' END WHERE type = 'admin'",
            },
            new String[] {
                    // the user page: an operator can disable a user without deleting them
                    "ALTER TABLE users ADD COLUMN disabled INTEGER NOT NULL DEFAULT 0",
            },
            new String[] {
                    // a cluster: which node each event happened on, and where reading the others' events stopped
                    "ALTER TABLE events ADD COLUMN node TEXT NOT NULL DEFAULT ''",
                    "CREATE TABLE event_mirror (id INTEGER PRIMARY KEY CHECK (id = 1), position TEXT NOT NULL)",
            },
            new String[] {
                    // the API key that opened a session, so revoking the key revokes it (empty: a browser's)
                    "ALTER TABLE sessions ADD COLUMN api_key_id TEXT NOT NULL DEFAULT ''",
            },
            new String[] {
                    // what sequence rules look back to, kept across a restart
                    "CREATE TABLE call_marks (session_id TEXT NOT NULL, method TEXT NOT NULL, pattern TEXT NOT NULL,"
                            + " at INTEGER NOT NULL, PRIMARY KEY (session_id, method, pattern)) WITHOUT ROWID",
            },
            new String[] {
                    // time ranges (the timeline, counts, retention) read their range, not the whole table; appended
                    // to at its end as events come, it costs the writer little
                    "CREATE INDEX events_at ON events (at)",
            },
            new String[] {
                    // the login throttle's failures, kept across a restart
                    "CREATE TABLE login_failures (username TEXT NOT NULL, client TEXT NOT NULL, count INTEGER NOT NULL,"
                            + " first_at INTEGER NOT NULL, last_at INTEGER NOT NULL, PRIMARY KEY (username, client)) WITHOUT ROWID",
            },
            new String[] {
                    // whether the last run stopped cleanly: a start after one that did not says so (the run
                    // before this step is taken to have stopped cleanly)
                    "CREATE TABLE runs (id INTEGER PRIMARY KEY CHECK (id = 1), stopped_cleanly INTEGER NOT NULL)",
                    "INSERT INTO runs (id, stopped_cleanly) VALUES (1, 1)",
            },
            new String[] {
                    // the fingerprint last refused per session, for an operator to accept after a restart too
                    "CREATE TABLE refused_fingerprints (session_id TEXT PRIMARY KEY, fingerprint TEXT NOT NULL) WITHOUT ROWID",
            },
            new String[] {
                    // nonces of signatures created ahead of the clock, spent again after a restart (NoncesAhead)
                    "CREATE TABLE spent_nonces (created INTEGER NOT NULL, session INTEGER NOT NULL, nonce INTEGER NOT NULL)",
                    "CREATE INDEX spent_nonces_created ON spent_nonces (created)",
            },
            new String[] {
                    // the clients each user logged in from (the login throttle counts their failures apart), kept
                    // across a restart; rank 0 is the newest
                    "CREATE TABLE login_clients (username TEXT NOT NULL, client TEXT NOT NULL, rank INTEGER NOT NULL,"
                            + " PRIMARY KEY (username, client)) WITHOUT ROWID",
            },
            new String[] {
                    // revoked sessions' signing keys were kept until the session was swept
                    "UPDATE sessions SET signing_key = x'' WHERE revoked_at > 0",
            },
            new String[] {
                    // what a session's bootstrap paid: its page's bits and the milliseconds from the page to it (-1: not
                    // known, as for a session stored before, or opened without a bootstrap)
                    "ALTER TABLE sessions ADD COLUMN bootstrap_bits INTEGER NOT NULL DEFAULT -1",
                    "ALTER TABLE sessions ADD COLUMN bootstrap_millis INTEGER NOT NULL DEFAULT -1",
            },
            new String[] {
                    // the newest second a single node accepted a signature created in whose nonce it does not keep: the
                    // next start refuses that second and those before it (NoncesAhead; NULL: none written yet)
                    "ALTER TABLE runs ADD COLUMN signed_through INTEGER",
            });

    private static String defaultAgents() {
        StringBuilder sql = new StringBuilder("INSERT INTO blacklist (id, kind, value, reason, created_by, created_at) VALUES ");
        List<dev.palisade.engine.blacklist.BlacklistEntry> agents = dev.palisade.engine.blacklist.UsualSuspects.entries();
        for (int i = 0; i < agents.size(); i++) {
            dev.palisade.engine.blacklist.BlacklistEntry e = agents.get(i);
            if (i > 0) sql.append(", ");
            // values of our own making (no quote in any): the first schema's statement, as it always was
            sql.append("('").append(e.id()).append("', 'user_agent', '").append(e.value()).append("', '").append(e.reason())
                    .append("', '").append(e.createdBy()).append("', ").append(e.createdAt()).append(")");
        }
        return sql.toString();
    }

    private Migrations() {}

    static int latest() { return STEPS.size(); }

    /** Runs the steps this database has not seen, each in its own transaction. */
    static void apply(Connection c) throws SQLException {
        apply(c, STEPS.size());
    }

    /** The schema the database at {@code c} says it has ({@code user_version}). */
    static int version(Connection c) throws SQLException {
        try (Statement s = c.createStatement(); var rs = s.executeQuery("PRAGMA user_version")) {
            return rs.next() ? rs.getInt(1) : 0;
        }
    }

    /** Runs the steps up to {@code target} (tests build an older database with it). */
    static void apply(Connection c, int target) throws SQLException {
        int version = version(c);
        if (version > STEPS.size()) {
            throw new SQLException("the database was written by a newer Palisade (schema " + version
                    + ", this version knows " + STEPS.size() + ")");
        }
        for (int i = version; i < target; i++) {
            int step = i;
            WriteTransaction.run(c, tx -> {
                try (Statement s = tx.createStatement()) {
                    for (String sql : STEPS.get(step)) s.execute(sql);
                    s.execute("PRAGMA user_version = " + (step + 1));
                }
                return null;
            });
        }
    }
}
