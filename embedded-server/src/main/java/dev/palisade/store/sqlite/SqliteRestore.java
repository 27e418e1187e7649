package dev.palisade.store.sqlite;

import dev.palisade.engine.Secrets;
import dev.palisade.engine.store.StoreException;
import dev.palisade.store.PrivateFiles;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.stream.Stream;

/**
 * Puts a backup copy ({@link SqliteBackup}) back as a data directory's database, with no server on it.
 * By hand it took three steps, and one forgotten undid the restore: a {@code -wal} left beside the
 * copied file is the replaced database's latest changes, which SQLite plays over the copy at the next
 * open. Here the copy is checked where it will live, marked as a backup (its first start says it began
 * from one), and moved in whole; the database it replaces is kept beside it with its own {@code -wal},
 * so nothing is lost by a restore from the wrong file.
 */
public final class SqliteRestore {

    private SqliteRestore() {}

    /** What was done: the database now in place, its size, and where the one it replaced was kept (null: none was there). */
    public record Restored(Path database, long bytes, Path replacedKeptAs) {}

    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);
    /** SQLite's own files beside a database, by the suffix it adds to the database's name. */
    private static final String WAL = "-wal", SHM = "-shm", JOURNAL = "-journal";

    /**
     * The caller holds the data directory's lock: no server, and no other restore, uses it.
     *
     * @throws StoreException when {@code backup} is not a regular file, is not a sound Palisade database, or a
     *                        file cannot be read, written or moved (the database in place is then left as it was)
     */
    public static Restored put(Path backup, Path dataDir, Instant now) {
        if (Files.isSymbolicLink(backup) || !Files.isRegularFile(backup, LinkOption.NOFOLLOW_LINKS)) {
            throw new StoreException(backup + " is not a file (a backup is restored from the file --backup wrote, not through a link)", null);
        }
        Path db = dataDir.resolve(SqliteStore.FILE_NAME);
        removeLeftovers(dataDir);
        Path incoming = dataDir.resolve("." + SqliteStore.FILE_NAME + ".restore-" + Secrets.randomToken(6) + ".tmp");
        try {
            copy(backup, incoming);
            checkAndMark(backup, incoming);
            PrivateFiles.syncFile(incoming);
            Path kept = Files.exists(db, LinkOption.NOFOLLOW_LINKS) ? keepAside(db, now) : null;
            Files.move(incoming, db, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            PrivateFiles.syncDirectory(dataDir);
            return new Restored(db, Files.size(db), kept);
        } catch (IOException e) {
            throw new StoreException("cannot restore " + backup + " into " + dataDir + ": " + e, e);
        } finally {
            for (String suffix : new String[] {"", WAL, SHM, JOURNAL}) deleteQuietly(sibling(incoming, suffix));
        }
    }

    private static void copy(Path backup, Path incoming) throws IOException {
        PrivateFiles.newFile(incoming); // owner-only: it holds password hashes and signing keys
        try (InputStream in = Files.newInputStream(backup, LinkOption.NOFOLLOW_LINKS);
             OutputStream out = Files.newOutputStream(incoming, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING,
                     LinkOption.NOFOLLOW_LINKS)) {
            in.transferTo(out);
        }
    }

    /** The copy as it will be used: sound, a Palisade database, and marked to say at its first start that it is a backup. */
    private static void checkAndMark(Path backup, Path incoming) {
        try (Connection c = SqliteBackup.connect(incoming, false)) {
            String integrity = SqliteBackup.integrity(c);
            if (!"ok".equals(integrity)) {
                throw new StoreException(backup + " failed its integrity check, so nothing was restored: " + integrity, null);
            }
            try (Statement st = c.createStatement();
                 ResultSet rs = st.executeQuery("SELECT count(*) FROM sqlite_master WHERE type = 'table'"
                         + " AND name IN ('users', 'signing_keys', 'settings')")) {
                if (!rs.next() || rs.getInt(1) != 3) {
                    throw new StoreException(backup + " is a database, but not Palisade's (no users, signing keys and settings)", null);
                }
            }
            SqliteStore.markAsBackup(c);
        } catch (SQLException e) {
            throw new StoreException(backup + " cannot be read as a database: " + e.getMessage(), e);
        }
    }

    /**
     * The database in place and its {@code -wal} (its latest changes, played when it is opened) renamed as a pair,
     * to {@code palisade.db.replaced-<time>}; its {@code -shm} is an index of the {@code -wal}, made again.
     */
    private static Path keepAside(Path db, Instant now) throws IOException {
        Path kept = db.resolveSibling(db.getFileName() + ".replaced-" + STAMP.format(now));
        if (Files.exists(kept, LinkOption.NOFOLLOW_LINKS)) kept = kept.resolveSibling(kept.getFileName() + "-" + Secrets.randomToken(3));
        Files.move(db, kept);
        if (Files.exists(sibling(db, WAL), LinkOption.NOFOLLOW_LINKS)) Files.move(sibling(db, WAL), sibling(kept, WAL));
        Files.deleteIfExists(sibling(db, SHM));
        Files.deleteIfExists(sibling(db, JOURNAL)); // a rollback journal (a database not in WAL mode) is its file's too
        return kept;
    }

    /** A copy an earlier restore left when it was killed: no restore runs beside this one (the lock), so each is stale. */
    private static void removeLeftovers(Path dataDir) {
        String prefix = "." + SqliteStore.FILE_NAME + ".restore-";
        try (Stream<Path> files = Files.list(dataDir)) {
            files.filter(f -> f.getFileName().toString().startsWith(prefix)).forEach(SqliteRestore::deleteQuietly);
        } catch (IOException e) {
            // left for the next restore: this one's copy has a name of its own
        }
    }

    private static Path sibling(Path file, String suffix) {
        return file.resolveSibling(file.getFileName() + suffix);
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException ignored) {
            // the error reported is the restore's
        }
    }
}
