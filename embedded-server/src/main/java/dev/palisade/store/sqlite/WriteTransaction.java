package dev.palisade.store.sqlite;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * One write transaction as SQL statements ({@code BEGIN IMMEDIATE} … {@code COMMIT}) on a connection
 * left in auto-commit. The driver's own {@code commit()} runs {@code BEGIN} again at once, which can
 * wait for the other writer's lock and throw for a change already committed; and its
 * {@code rollback()} throws "no transaction is active" after SQLite rolled back by itself (a full
 * disk), in place of the error that says why.
 */
final class WriteTransaction {

    private WriteTransaction() {}

    static <T> T run(Connection c, SqliteStore.Work<T> work) throws SQLException {
        return run(c, work, () -> { });
    }

    /** @param locked told once the write lock is held (BEGIN IMMEDIATE is where a write waits for another's) */
    static <T> T run(Connection c, SqliteStore.Work<T> work, Runnable locked) throws SQLException {
        try {
            execute(c, "BEGIN IMMEDIATE");
        } catch (SQLException e) {
            // a transaction a failed ROLLBACK left open would refuse every later one until a restart
            if (e.getMessage() == null || !e.getMessage().contains("within a transaction")) throw e;
            execute(c, "ROLLBACK");
            execute(c, "BEGIN IMMEDIATE");
        }
        locked.run();
        T result;
        try {
            result = work.run(c);
            execute(c, "COMMIT");
        } catch (SQLException | RuntimeException e) {
            rollBack(c, e);
            throw e;
        }
        return result;
    }

    private static void rollBack(Connection c, Exception cause) {
        try {
            execute(c, "ROLLBACK");
        } catch (SQLException e) {
            cause.addSuppressed(e); // SQLite had rolled back itself: the cause is what the caller is told
        }
    }

    private static void execute(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }
}
