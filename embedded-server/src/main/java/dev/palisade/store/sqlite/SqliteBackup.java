package dev.palisade.store.sqlite;

import dev.palisade.engine.store.StoreException;
import dev.palisade.store.PrivateFiles;
import org.sqlite.SQLiteConfig;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * A consistent copy of a data directory's database, taken while a server may be using it:
 * SQLite's {@code VACUUM INTO} on a read-only connection of its own. It reads one snapshot (the
 * running server keeps writing to its WAL meanwhile), writes a compact single file without a WAL,
 * and the copy is checked with {@code PRAGMA integrity_check} before it is reported done. The copy is
 * owner-only like the database: it holds password hashes and signing keys.
 */
public final class SqliteBackup {

    private SqliteBackup() {}

    /** What was written: the copy, its size and what the integrity check said ({@code ok} when sound). */
    public record Copy(Path file, long bytes, String integrity) {
        public boolean sound() { return integrity.equals("ok"); }
    }

    /**
     * @throws StoreException when there is no database in {@code dataDir}, {@code target} exists, or
     *                        SQLite cannot read the one or write the other
     */
    public static Copy write(Path dataDir, Path target) {
        Path db = dataDir.resolve(SqliteStore.FILE_NAME);
        if (!Files.isRegularFile(db)) throw new StoreException("no database at " + db + " (is --data-dir right?)", null);
        if (Files.exists(target)) throw new StoreException(target + " exists; a backup never overwrites a file", null);
        try {
            PrivateFiles.file(target); // empty and owner-only: VACUUM INTO writes into an empty file
        } catch (IOException e) {
            throw new StoreException("cannot create " + target + ": " + e.getMessage(), e);
        }
        try (Connection source = connect(db, true);
             PreparedStatement vacuum = source.prepareStatement("VACUUM INTO ?")) {
            vacuum.setString(1, target.toAbsolutePath().toString());
            vacuum.execute();
        } catch (SQLException e) {
            deleteQuietly(target);
            throw new StoreException("cannot copy " + db + " to " + target + ": " + e.getMessage(), e);
        }
        try (Connection copy = connect(target, true); Statement s = copy.createStatement();
             ResultSet rs = s.executeQuery("PRAGMA integrity_check")) {
            StringBuilder said = new StringBuilder();
            while (rs.next()) said.append(said.length() == 0 ? "" : "; ").append(rs.getString(1));
            return new Copy(target, Files.size(target), said.toString());
        } catch (SQLException | IOException e) {
            throw new StoreException("cannot check the copy " + target + ": " + e.getMessage(), e);
        }
    }

    private static Connection connect(Path file, boolean readOnly) throws SQLException {
        SQLiteConfig config = new SQLiteConfig();
        config.setReadOnly(readOnly);
        config.setBusyTimeout(10_000);
        return DriverManager.getConnection("jdbc:sqlite:" + file.toAbsolutePath(), config.toProperties());
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException ignored) {
            // the error reported is the copy's
        }
    }
}
