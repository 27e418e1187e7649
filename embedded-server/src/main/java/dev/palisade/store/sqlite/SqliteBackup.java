package dev.palisade.store.sqlite;

import dev.palisade.engine.Secrets;
import dev.palisade.engine.store.StoreException;
import dev.palisade.store.PrivateFiles;
import org.sqlite.SQLiteConfig;


import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A consistent copy of a data directory's database, taken while a server may be using it:
 * SQLite's {@code VACUUM INTO} on a read-only connection of its own. It reads one snapshot (the
 * running server keeps writing to its WAL meanwhile), writes a compact single file without a WAL,
 * and the copy is checked with {@code PRAGMA integrity_check} before it is reported done. The copy is
 * owner-only like the database: it holds password hashes and signing keys. It is written to a new file
 * of its own beside the target and then given the target's name, which must be free: never into a file
 * that was there, nor through a link. The copy is marked as one, so its first start says it began from a
 * backup rather than that a run was killed.
 */
public final class SqliteBackup {

    private SqliteBackup() {}

    /**
     * What was written: the copy, its size and what the integrity check said ({@code ok} when sound), and
     * the unfinished copies of an earlier backup to the same file, stopped before it could delete them,
     * that this one removed.
     */
    public record Copy(Path file, long bytes, String integrity, List<Path> leftoversRemoved) {
        public boolean sound() { return integrity.equals("ok"); }
    }

    /** An unfinished copy this old is an earlier backup's that was stopped, not one still being written. */
    static final Duration LEFTOVER_AGE = Duration.ofHours(1);

    /**
     * @throws StoreException when there is no database in {@code dataDir}, anything is at {@code target}
     *                        (a link too, even one to nothing), or SQLite cannot read the one or write the other
     */
    public static Copy write(Path dataDir, Path target) {
        Path db = dataDir.resolve(SqliteStore.FILE_NAME);
        if (!Files.isRegularFile(db)) throw new StoreException("no database at " + db + " (is --data-dir right?)", null);
        if (Files.isSymbolicLink(target)) {
            throw new StoreException(target + " is a symbolic link; a backup is written only as a new file, never through a link", null);
        }
        if (Files.exists(target, LinkOption.NOFOLLOW_LINKS)) throw exists(target);
        List<Path> leftovers = removeLeftovers(target.toAbsolutePath());
        // written aside and put in place whole: VACUUM INTO opens a name as it finds it, links followed
        Path aside = target.toAbsolutePath().resolveSibling("." + target.getFileName() + "." + Secrets.randomToken(6) + ".tmp");
        try {
            PrivateFiles.newFile(aside); // empty and owner-only: VACUUM INTO writes into an empty file
        } catch (IOException e) {
            throw new StoreException("cannot create a file beside " + target + ": " + e, e);
        }
        try {
            try (Connection source = connect(db, true);
                 PreparedStatement vacuum = source.prepareStatement("VACUUM INTO ?")) {
                vacuum.setString(1, aside.toString());
                vacuum.execute();
            } catch (SQLException e) {
                throw new StoreException("cannot copy " + db + " to " + target + ": " + e.getMessage(), e);
            }
            try (Connection copy = connect(aside, false)) {
                SqliteStore.markAsBackup(copy);
            } catch (SQLException e) {
                throw new StoreException("cannot mark " + target + " as a backup: " + e.getMessage(), e);
            }
            String integrity;
            try (Connection copy = connect(aside, true)) {
                integrity = integrity(copy);
            } catch (SQLException e) {
                throw new StoreException("cannot check the copy " + target + ": " + e.getMessage(), e);
            }
            // an unsound copy never takes the backup's name: a restore could pick it up, a retry would be refused
            if (!"ok".equals(integrity)) return new Copy(target, 0, integrity, leftovers);
            putInPlace(aside, target);
            long size = Files.size(target);
            deleteQuietly(aside);
            // the copy's new name reaches the disk before "written" is said, as a restore's does (audit persist55 L3)
            dev.palisade.store.PrivateFiles.syncDirectory(target.toAbsolutePath().getParent());
            return new Copy(target, size, integrity, leftovers);
        } catch (IOException e) {
            throw new StoreException("cannot write " + target + ": " + e, e);
        } finally {
            deleteQuietly(aside);
            deleteQuietly(journalOf(aside)); // a copy that failed (a full disk) leaves its rollback journal
        }
    }

    private static Path journalOf(Path file) {
        return file.resolveSibling(file.getFileName() + "-journal");
    }

    /**
     * Deletes what an earlier backup to {@code target} left when it was killed or the machine stopped: its
     * hidden copy (a whole database: password hashes, signing keys) and that copy's journal, once older than
     * {@link #LEFTOVER_AGE}. Only files named as this class names them, never a link.
     */
    private static List<Path> removeLeftovers(Path target) {
        Path folder = target.getParent();
        Pattern aside = Pattern.compile(Pattern.quote("." + target.getFileName() + ".") + "[A-Za-z0-9_-]{8}\\.tmp(-journal)?");
        List<Path> removed = new ArrayList<>();
        Instant before = Instant.now().minus(LEFTOVER_AGE);
        try (Stream<Path> files = Files.list(folder)) {
            for (Path f : (Iterable<Path>) files::iterator) {
                if (!aside.matcher(f.getFileName().toString()).matches()) continue;
                BasicFileAttributes a = Files.readAttributes(f, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
                if (a.isRegularFile() && a.lastModifiedTime().toInstant().isBefore(before) && Files.deleteIfExists(f)) {
                    removed.add(f);
                }
            }
        } catch (IOException e) {
            // left for the next backup: this one's copy is what was asked for
        }
        return List.copyOf(removed);
    }

    /**
     * A second name for the copy, made only where there is none (a hard link, unlike a rename, never
     * replaces what appeared at the target meanwhile); a file system without hard links gets a rename
     * that checks first.
     */
    private static void putInPlace(Path aside, Path target) throws IOException {
        try {
            Files.createLink(target, aside);
        } catch (FileAlreadyExistsException e) {
            throw exists(target);
        } catch (UnsupportedOperationException | FileSystemException noHardLinks) {
            try {
                Files.move(aside, target);
            } catch (FileAlreadyExistsException e) {
                throw exists(target);
            }
        }
    }

    private static StoreException exists(Path target) {
        return new StoreException(target + " exists; a backup never overwrites a file", null);
    }

    /** What {@code PRAGMA integrity_check} says of a database: {@code ok} when sound. */
    static String integrity(Connection db) throws SQLException {
        try (Statement s = db.createStatement(); ResultSet rs = s.executeQuery("PRAGMA integrity_check")) {
            StringBuilder said = new StringBuilder();
            while (rs.next()) said.append(said.length() == 0 ? "" : "; ").append(rs.getString(1));
            return said.toString();
        }
    }

    static Connection connect(Path file, boolean readOnly) throws SQLException {
        SQLiteConfig config = new SQLiteConfig();
        config.setReadOnly(readOnly);
        config.setBusyTimeout(10_000);
        return DriverManager.getConnection("jdbc:sqlite:" + file.toAbsolutePath(), config.toProperties());
    }

    /** Deletes {@code file} if it is there; a failure is left unsaid, the error reported being the command's own. */
    static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException ignored) {
            // the error reported is the command's
        }
    }
}
