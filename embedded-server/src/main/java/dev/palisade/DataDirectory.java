package dev.palisade;

import dev.palisade.engine.Secrets;
import dev.palisade.store.PrivateFiles;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/** The data directory: where it is by default on each platform, and the admin token file in it. */
public final class DataDirectory {

    public static final String ADMIN_TOKEN_FILE = "admin.token";

    private DataDirectory() {}

    /** The user's data directory: XDG on Linux, Application Support on macOS, LOCALAPPDATA on Windows. */
    public static Path defaultPath() {
        String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
        Path home = Path.of(System.getProperty("user.home"));
        if (os.contains("win")) {
            String local = System.getenv("LOCALAPPDATA");
            return (local != null ? Path.of(local) : home.resolve("AppData").resolve("Local")).resolve("Palisade");
        }
        if (os.contains("mac")) return home.resolve("Library").resolve("Application Support").resolve("Palisade");
        String xdg = System.getenv("XDG_DATA_HOME");
        return (xdg != null && !xdg.isBlank() ? Path.of(xdg) : home.resolve(".local").resolve("share")).resolve("palisade");
    }

    public static final String UPSTREAM_KEY_FILE = "upstream.key";

    /**
     * The key shared with a protected upstream (reverse-proxy mode), made at first use: 32 random
     * bytes, stored base64 in {@code upstream.key}, owner-only. The upstream reads the same file.
     *
     * @throws IOException also when the file holds no key of at least 32 bytes (never the text it holds)
     */
    public static byte[] upstreamKey(Path dataDir) throws IOException {
        PrivateFiles.directory(dataDir);
        Path file = dataDir.resolve(UPSTREAM_KEY_FILE);
        String held = madeOnce(file, () -> java.util.Base64.getEncoder().encodeToString(Secrets.randomBytes(32)));
        byte[] key;
        try {
            key = java.util.Base64.getDecoder().decode(held);
        } catch (IllegalArgumentException e) {
            key = new byte[0];
        }
        if (key.length < 32) {
            // one line of the key this server signs with: a second line (a rotation's, which belongs in the apps' own copy)
            // is no key here, and deleting the file would pair it with no app (audit 52)
            throw new IOException(file + " holds no usable key (one line, base64 of 32 bytes or more): if you added a line"
                    + " for a key rotation, put the lines back as they were and give the apps' own copy both keys instead;"
                    + " delete it only to make a new key, then give your upstream the new file");
        }
        return key;
    }

    /**
     * The line {@code file} holds, trimmed; made by {@code fresh} when there is none. An empty file is
     * one a start killed before writing left behind, never read by anyone: it is made too. Made whole
     * beside it and moved over it, so a crash leaves the file as it was or whole.
     */
    private static String madeOnce(Path file, java.util.function.Supplier<String> fresh) throws IOException {
        if (Files.exists(file) && !Files.isRegularFile(file)) {
            // read, it said "Is a directory" and no more: the start named no file
            throw new IOException(file + " is not a file (a directory?); move it away, and a new one is made");
        }
        if (holdsNothing(file)) replacePrivate(file, fresh.get());
        return Files.readString(file, StandardCharsets.US_ASCII).trim();
    }

    /** Whether {@link #madeOnce} would make {@code file}: none there, or a blank one. */
    private static boolean holdsNothing(Path file) throws IOException {
        return !Files.exists(file) || Files.readString(file, StandardCharsets.US_ASCII).isBlank();
    }

    /** Whether {@link #upstreamKey} will make the key anew: none there, or a blank file (an app holding another refuses). */
    public static boolean upstreamKeyMissing(Path dataDir) throws IOException {
        Path file = dataDir.resolve(UPSTREAM_KEY_FILE);
        return !Files.isDirectory(file) && holdsNothing(file);
    }

    public static final String NODE_ID_FILE = "node.id";

    /**
     * This node's id in a cluster, made at its first start and kept, so a restarted node is the same
     * node to the others (its heartbeat, the events it shared). Each node needs a data directory of its
     * own: a copy of another node's directory must lose this file.
     */
    public static String nodeId(Path dataDir) throws IOException {
        PrivateFiles.directory(dataDir);
        Path file = dataDir.resolve(NODE_ID_FILE);
        String id = madeOnce(file, () -> Secrets.randomToken(6));
        if (!id.matches("[A-Za-z0-9_-]{4,64}")) {
            throw new IOException(file + " holds no usable node id (4 to 64 letters, digits, - or _); delete it to make a new one");
        }
        return id;
    }

    /**
     * Refuses a cluster node's data directory (it holds {@code node.id}) to a command given without the
     * node's {@code --cluster} options: its database holds only the node's events, so a user added there
     * never reached the cluster, and an export wrote defaults, both with a message of success.
     */
    public static void refuseClusterNodes(Path dataDir) throws IOException {
        if (Files.exists(dataDir.resolve(NODE_ID_FILE))) {
            throw new IOException(dataDir + " is a cluster node's data directory (it holds " + NODE_ID_FILE + "): its database"
                    + " holds only the node's events, while users, settings and keys are in Redis. Give the node's --cluster"
                    + " options (and its password and key files) to work on the cluster; a node taken out of its cluster"
                    + " for good: delete " + NODE_ID_FILE + ".");
        }
    }

    /** Where an export reads its own copy of the database, inside the data directory. */
    public static final String EXPORT_COPY_PREFIX = ".export-";

    /**
     * Deletes the copies of the database that an export stopped before it finished (killed, the machine
     * stopped) left in the data directory: each a whole database, password hashes and signing keys
     * included. Call it holding the directory's {@link ServerLock}: then no export is running.
     *
     * @return the folders deleted
     */
    public static java.util.List<Path> removeUnfinishedCopies(Path dataDir) throws IOException {
        java.util.List<Path> removed = new java.util.ArrayList<>();
        if (!Files.isDirectory(dataDir)) return removed;
        try (java.util.stream.Stream<Path> entries = Files.list(dataDir)) {
            for (Path copy : (Iterable<Path>) entries::iterator) {
                if (isUnfinishedCopy(copy)) {
                    deleteTree(copy);
                    if (Files.notExists(copy, java.nio.file.LinkOption.NOFOLLOW_LINKS)) removed.add(copy);
                }
            }
        }
        return removed;
    }

    /** The name an export's copy has ({@code Files.createTempDirectory}: the prefix, then digits). */
    private static final java.util.regex.Pattern EXPORT_COPY = java.util.regex.Pattern.compile("\\.export-[0-9]+");

    /**
     * Whether {@code dir} is a copy an export left: named as it names them, a folder holding nothing but a
     * database's files. Someone's own {@code .export-photos} beside the database (a data directory may be a
     * project's folder) was deleted with everything in it (an audit's find).
     */
    private static boolean isUnfinishedCopy(Path dir) throws IOException {
        if (!EXPORT_COPY.matcher(dir.getFileName().toString()).matches()
                || !Files.isDirectory(dir, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            return false;
        }
        try (java.util.stream.Stream<Path> held = Files.list(dir)) {
            return held.allMatch(f -> f.getFileName().toString().startsWith(dev.palisade.store.sqlite.SqliteStore.FILE_NAME)
                    && Files.isRegularFile(f, java.nio.file.LinkOption.NOFOLLOW_LINKS));
        }
    }

    /**
     * Deletes {@code dir} and what is in it, as far as it can: a link in it is deleted, not followed. Quiet, as
     * its callers clean up after work whose own outcome is what they report.
     */
    static void deleteTree(Path dir) {
        try (java.util.stream.Stream<Path> files = Files.walk(dir)) {
            for (Path f : (Iterable<Path>) files.sorted(java.util.Comparator.reverseOrder())::iterator) {
                try {
                    Files.deleteIfExists(f);
                } catch (IOException e) {
                    // not empty or not ours: the rest is still deleted
                }
            }
        } catch (IOException | java.io.UncheckedIOException e) {
            // gone meanwhile, or not readable: nothing more to do
        }
    }

    /**
     * Refuses a data directory a server ran in before (it holds {@code admin.token}) whose database is
     * gone or empty (deleted, or a power cut on a file system without a journal): started, it made a new
     * database without a word (no users, new keys, the shipped blacklist back), and every change made
     * before was lost for good.
     */
    public static void requireItsDatabase(Path dataDir, String databaseFile) throws IOException {
        Path db = dataDir.resolve(databaseFile);
        if (!Files.exists(dataDir.resolve(ADMIN_TOKEN_FILE))) return; // a first start
        boolean missing = !Files.exists(db);
        if (missing || Files.size(db) == 0) {
            throw new IOException(db + " is " + (missing ? "missing" : "empty") + ", but a server ran in this data directory"
                    + " before (it holds " + ADMIN_TOKEN_FILE + "): started, it would begin afresh, without the users, keys,"
                    + " sessions and settings made there. Restore " + databaseFile + " from a backup (--restore FILE; README, \"Backup"
                    + " and restore\"); to begin afresh on purpose, move " + ADMIN_TOKEN_FILE + " away too (and the console's"
                    + " demo.password, whose user would be gone).");
        }
    }

    /**
     * Reads the admin token, creating it (owner-only permissions where the file system has them) at
     * first start.
     */
    public static String adminToken(Path dataDir) throws IOException {
        PrivateFiles.directory(dataDir);
        Path file = dataDir.resolve(ADMIN_TOKEN_FILE);
        String token = madeOnce(file, () -> Secrets.randomToken(32));
        if (token.length() < 32) {
            throw new IOException(file + " holds no usable admin token (at least 32 characters); delete it to make a new one");
        }
        return token;
    }

    /**
     * Why {@code admin.token} is readable or writable by other users of the machine (its permissions, and
     * the command that fixes them), or null when it is not, or the file system keeps no POSIX permissions:
     * anyone who reads it is the owner.
     */
    public static String exposedAdminToken(Path dataDir) {
        Path file = dataDir.resolve(ADMIN_TOKEN_FILE);
        try {
            java.util.Set<java.nio.file.attribute.PosixFilePermission> p = Files.getPosixFilePermissions(file);
            java.util.Set<java.nio.file.attribute.PosixFilePermission> others = java.util.EnumSet.of(
                    java.nio.file.attribute.PosixFilePermission.GROUP_READ, java.nio.file.attribute.PosixFilePermission.GROUP_WRITE,
                    java.nio.file.attribute.PosixFilePermission.OTHERS_READ, java.nio.file.attribute.PosixFilePermission.OTHERS_WRITE);
            others.retainAll(p);
            // a file in a folder no one but its owner may enter (Palisade makes its own 0700) is read by no one else;
            // a folder open to a group is not judged further (the file's group may not be the folder's)
            if (!enterableByOthers(dataDir) || others.isEmpty()) return null;
            return file + " can be read or written by other users of this machine (" + java.nio.file.attribute.PosixFilePermissions.toString(p)
                    + "), and whoever reads it is the owner: chmod 600 " + file + ", then rotate the token"
                    + " (POST /admin/owner-token/rotate) if anyone may have read it";
        } catch (UnsupportedOperationException | IOException e) {
            return null;
        }
    }

    /**
     * Makes the data directory's secret files owner-only where other users of the machine could read or write them
     * (the database, with its journal files, holds the signing keys, salts, sessions' keys and password hashes; a
     * copy put back by hand with {@code cp} under umask 022 is 0644, and SQLite gives its journal files the same mode):
     * nothing but {@code admin.token} was looked at before (audit persist55 M2). Returns what to tell the operator when
     * others could enter the folder, so may have read them; null when nothing was open, or only in a folder no one else
     * enters (then the files are made owner-only all the same).
     */
    public static String secureSecretFiles(Path dataDir, String databaseFile) {
        java.util.List<String> opened = new java.util.ArrayList<>();
        for (Path file : java.util.List.of(dataDir.resolve(databaseFile), dataDir.resolve(databaseFile + "-wal"),
                dataDir.resolve(databaseFile + "-shm"), dataDir.resolve(UPSTREAM_KEY_FILE), dataDir.resolve("tls").resolve("self-signed.key"))) {
            try {
                if (!Files.isRegularFile(file, java.nio.file.LinkOption.NOFOLLOW_LINKS)) continue;
                java.util.Set<java.nio.file.attribute.PosixFilePermission> p = Files.getPosixFilePermissions(file);
                java.util.Set<java.nio.file.attribute.PosixFilePermission> kept = java.util.EnumSet.noneOf(
                        java.nio.file.attribute.PosixFilePermission.class);
                for (java.nio.file.attribute.PosixFilePermission each : p) {
                    if (each.name().startsWith("OWNER_")) kept.add(each);
                }
                if (kept.equals(p)) continue;
                Files.setPosixFilePermissions(file, kept);
                opened.add(dataDir.relativize(file) + " (" + java.nio.file.attribute.PosixFilePermissions.toString(p) + ")");
            } catch (UnsupportedOperationException | IOException e) {
                // no POSIX permissions here, or not ours to change: nothing to judge
            }
        }
        if (opened.isEmpty() || !enterableByOthers(dataDir)) return null;
        return String.join(", ", opened) + " in " + dataDir + " could be read by other users of this machine, and the"
                + " database holds the signing keys, salts and password hashes: made owner-only now. If anyone may have read"
                + " them, rotate the keys (POST /admin/keys/rotate, and with ?ring=fingerprint) and have the users change"
                + " their passwords";
    }

    private static boolean enterableByOthers(Path dir) {
        try {
            java.util.Set<java.nio.file.attribute.PosixFilePermission> folder = Files.getPosixFilePermissions(dir);
            return folder.contains(java.nio.file.attribute.PosixFilePermission.GROUP_EXECUTE)
                    || folder.contains(java.nio.file.attribute.PosixFilePermission.OTHERS_EXECUTE);
        } catch (UnsupportedOperationException | IOException e) {
            return false;
        }
    }

    /**
     * Replaces the admin token: written to a new owner-only file beside {@code admin.token}, then moved
     * over it atomically, so a reader finds the old token or the new one, never a half-written file.
     */
    public static void replaceAdminToken(Path dataDir, String token) throws IOException {
        replacePrivate(dataDir.resolve(ADMIN_TOKEN_FILE), token);
    }

    /**
     * Replaces {@code upstream.key} with the cluster's key, so the upstream that reads this node's file
     * verifies what every node signs.
     */
    public static void replaceUpstreamKey(Path dataDir, byte[] key) throws IOException {
        replacePrivate(dataDir.resolve(UPSTREAM_KEY_FILE), java.util.Base64.getEncoder().encodeToString(key));
    }

    /** One line, written beside the file and moved over it atomically, owner-only. */
    private static void replacePrivate(Path file, String line) throws IOException {
        Path next = file.resolveSibling(file.getFileName() + ".next");
        try {
            PrivateFiles.writeNew(next, (line + "\n").getBytes(StandardCharsets.US_ASCII), true);
            // never a rotated admin token back to the old, leaked one after a power loss
            PrivateFiles.replaceSynced(next, file);
        } finally {
            Files.deleteIfExists(next);
        }
    }
}
