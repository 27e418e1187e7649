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
import java.util.ArrayList;
import java.util.List;
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

    /**
     * What was done: the database now in place, its size, and the names the files it replaced were given (the database
     * and its {@code -wal} and journal, each that was there; none when none was).
     */
    public record Restored(Path database, long bytes, List<Path> replacedKeptAs) {}

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
        try {
            if (Files.exists(db, LinkOption.NOFOLLOW_LINKS) && Files.isSameFile(backup, db)) {
                throw new StoreException(backup + " is the database in place: restore from a copy of it", null);
            }
        } catch (IOException e) {
            throw new StoreException("cannot read " + backup + ": " + e, e);
        }
        removeLeftovers(dataDir);
        Path incoming = dataDir.resolve("." + SqliteStore.FILE_NAME + ".restore-" + Secrets.randomToken(6) + ".tmp");
        try {
            copy(backup, incoming);
            checkAndMark(backup, incoming);
            PrivateFiles.syncFile(incoming);
            List<Path> kept = keepAside(db, now);
            Files.move(incoming, db, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            PrivateFiles.syncDirectory(dataDir);
            return new Restored(db, Files.size(db), kept);
        } catch (IOException e) {
            throw new StoreException("cannot restore " + backup + " into " + dataDir + ": " + e, e);
        } finally {
            for (String suffix : new String[] {"", WAL, SHM, JOURNAL}) SqliteBackup.deleteQuietly(sibling(incoming, suffix));
        }
    }

    private static void copy(Path backup, Path incoming) throws IOException {
        copyPrivately(backup, incoming);
        // a database with a -wal of its own (one this command kept aside, put back to undo a restore): the -wal is its
        // latest changes, played into the copy when it is checked below. SQLite plays a -wal over any database, and a
        // copy --backup wrote never has one of its own: one beside it is another's, and stays where it is
        Path wal = sibling(backup, WAL);
        if (Files.isRegularFile(wal, LinkOption.NOFOLLOW_LINKS) && !writtenByBackup(backup, incoming)) {
            copyPrivately(wal, sibling(incoming, WAL));
        }
    }

    /**
     * Whether the copy is one --backup wrote, not started from yet (a start is written into the file itself); read
     * before any -wal is beside it.
     */
    private static boolean writtenByBackup(Path backup, Path copy) {
        try (Connection c = SqliteBackup.connect(copy, true)) {
            return SqliteStore.markedAsBackup(c);
        } catch (SQLException e) { // not told, its -wal would be left behind without a word
            throw new StoreException(backup + " cannot be read as a database: " + e.getMessage(), e);
        } finally {
            for (String suffix : new String[] {WAL, SHM}) SqliteBackup.deleteQuietly(sibling(copy, suffix)); // what the reading made
        }
    }

    private static void copyPrivately(Path from, Path to) throws IOException {
        PrivateFiles.newFile(to); // owner-only: it holds password hashes and signing keys
        try (InputStream in = Files.newInputStream(from, LinkOption.NOFOLLOW_LINKS);
             OutputStream out = Files.newOutputStream(to, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING,
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
            int schema = Migrations.version(c);
            if (schema > Migrations.latest()) {
                // put in place, it would stop every start with "written by a newer Palisade" (audit persist55 L1)
                throw new StoreException(backup + " was written by a newer Palisade (schema " + schema + ", this version knows "
                        + Migrations.latest() + "), so nothing was restored: restore it with that version or a later one", null);
            }
            SqliteStore.markAsRestored(c);
            // one file, its -wal (a copy's own, played in above) folded into it: nothing of it lies in a file left behind
            try (Statement st = c.createStatement(); ResultSet mode = st.executeQuery("PRAGMA journal_mode=DELETE")) {
                String now = mode.next() ? mode.getString(1) : "unknown";
                if (!"delete".equalsIgnoreCase(now)) {
                    throw new StoreException(backup + " could not be made a single file (journal mode " + now + ")", null);
                }
            }
        } catch (SQLException e) {
            throw new StoreException(backup + " cannot be read as a database: " + e.getMessage(), e);
        }
    }

    /**
     * The database in place, its {@code -wal} (its latest changes, played when it is opened) and a rollback journal
     * (a transaction to undo) given the name {@code palisade.db.replaced-<time>}, each of them that is there: a
     * {@code -wal} without its database (deleted by hand) would otherwise be played over the copy. The {@code -shm}
     * is an index of the {@code -wal}, made again.
     *
     * @return the names they were given, none when none was there
     */
    private static List<Path> keepAside(Path db, Instant now) throws IOException {
        Path kept = db.resolveSibling(db.getFileName() + ".replaced-" + STAMP.format(now));
        while (Files.exists(kept, LinkOption.NOFOLLOW_LINKS) || Files.exists(sibling(kept, WAL), LinkOption.NOFOLLOW_LINKS)
                || Files.exists(sibling(kept, JOURNAL), LinkOption.NOFOLLOW_LINKS)) { // a name none of the three has
            kept = db.resolveSibling(db.getFileName() + ".replaced-" + STAMP.format(now) + "-" + Secrets.randomToken(3));
        }
        List<String> there = new ArrayList<>();
        for (String suffix : new String[] {"", WAL, JOURNAL}) {
            if (Files.exists(sibling(db, suffix), LinkOption.NOFOLLOW_LINKS)) there.add(suffix);
        }
        // every file given its kept name first, then its old name taken away (the database's last): a restore stopped on
        // the way leaves the kept names whole, the database and its -wal together
        List<Path> keptFiles = new ArrayList<>();
        for (String suffix : there) {
            keptFiles.add(sibling(kept, suffix));
            try {
                Files.createLink(sibling(kept, suffix), sibling(db, suffix));
            } catch (UnsupportedOperationException | java.nio.file.FileSystemException noHardLinks) {
                Files.move(sibling(db, suffix), sibling(kept, suffix)); // a stop on the way may leave the pair apart
            }
        }
        for (String suffix : new String[] {WAL, JOURNAL, SHM, ""}) Files.deleteIfExists(sibling(db, suffix));
        return keptFiles;
    }

    /** A copy an earlier restore left when it was killed: no restore runs beside this one (the lock), so each is stale. */
    private static void removeLeftovers(Path dataDir) {
        String prefix = "." + SqliteStore.FILE_NAME + ".restore-";
        try (Stream<Path> files = Files.list(dataDir)) {
            files.filter(f -> f.getFileName().toString().startsWith(prefix)).forEach(SqliteBackup::deleteQuietly);
        } catch (IOException e) {
            // left for the next restore: this one's copy has a name of its own
        }
    }

    private static Path sibling(Path file, String suffix) {
        return file.resolveSibling(file.getFileName() + suffix);
    }
}
