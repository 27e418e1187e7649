package dev.palisade;

import dev.palisade.store.PrivateFiles;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;

/**
 * One process at a time on a data directory: a server holds this lock while it runs, and so do the
 * one-shot commands that open its database as a server does ({@code --add-user},
 * {@code --export-config}). Two would each keep their own sessions, nonces and event ids over one
 * database (an event id written twice, a user added where the running server never looks, a clean
 * stop marked while the server still runs). The operating system lets the lock go when its process
 * ends, killed or not, so a crash leaves nothing to clean up.
 */
public final class ServerLock implements AutoCloseable {

    public static final String FILE_NAME = "server.lock";
    /**
     * The directories this process holds, asked first: a second channel on the lock file, closed when
     * refused, would let go of the first one's lock on systems whose locks belong to the process.
     */
    private static final java.util.Set<Path> HELD_HERE = java.util.concurrent.ConcurrentHashMap.newKeySet();

    private final Path key;
    private final FileChannel channel;
    private final FileLock lock;

    private ServerLock(Path key, FileChannel channel, FileLock lock) {
        this.key = key;
        this.channel = channel;
        this.lock = lock;
    }

    /** A data directory another process (or this one) holds. */
    public static final class Held extends IOException {
        Held(Path dataDir) {
            super("a Palisade server is running on " + dataDir + " (it holds " + dataDir.resolve(FILE_NAME) + ")");
        }
    }

    /**
     * Takes the lock of {@code dataDir}, making the directory if it is new.
     *
     * @throws Held when another server or command holds it
     */
    public static ServerLock take(Path dataDir) throws IOException {
        if (RunningAs.root()) onlyRootsOnTheWay(dataDir); // before anything is made through a link on the way
        PrivateFiles.directory(dataDir);
        Path key = dataDir.toRealPath();
        notRootInAnothersDirectory(dataDir, key);
        if (!HELD_HERE.add(key)) throw new Held(dataDir);
        FileChannel channel = null;
        try {
            Path file = key.resolve(FILE_NAME);
            channel = open(file);
            FileLock lock;
            try {
                lock = channel.tryLock();
            } catch (OverlappingFileLockException sameProcess) {
                lock = null;
            }
            if (lock == null) throw new Held(dataDir);
            return new ServerLock(key, channel, lock);
        } catch (IOException | RuntimeException e) {
            if (channel != null) channel.close();
            HELD_HERE.remove(key);
            throw e;
        }
    }

    /**
     * Root works only in a data directory only root can change: in one another user owns (the service's), may
     * write (a group's, or anyone's), or can move (it lies in a folder of theirs), that user can put a link, a FIFO
     * or a folder swapped at the right moment at any name a command reads, writes or deletes, and lead root to any
     * file on the system (reviews found one such name after another). Run as the directory's owner instead, as
     * the README does: {@code sudo -u palisade palisade-server …}.
     */
    static void notRootInAnothersDirectory(Path given, Path dir) throws IOException {
        if (!RunningAs.root()) return;
        FolderOwner own = FolderOwner.of(dir);
        if (own == null) return; // a file system without owners
        if (!own.root()) {
            throw new IOException(dir + " belongs to " + own.name() + ": run this as " + own.name() + " (sudo -u "
                    + own.sudoName() + " palisade-server …), not as root, whose commands there a file " + own.name()
                    + " put in it could lead to any file on the system");
        }
        onlyRootsOnTheWay(given);
        if (FolderOwner.EVERY_USER.equals(own.othersWrite()) && !own.sticky()) {
            // root's own new directory anyone may write (a container's volume, made 0777) is made root's alone while
            // empty, looked into before and after: one that holds anything is refused and left as it was (the next start
            // must not find it root's alone and take what was put in it), one filled in between is put back as it was
            if (isEmpty(dir)) {
                int was = (Integer) java.nio.file.Files.getAttribute(dir, "unix:mode", java.nio.file.LinkOption.NOFOLLOW_LINKS);
                java.nio.file.Files.setPosixFilePermissions(dir, java.nio.file.attribute.PosixFilePermissions.fromString("rwx------"));
                if (!isEmpty(dir)) java.nio.file.Files.setAttribute(dir, "unix:mode", was, java.nio.file.LinkOption.NOFOLLOW_LINKS);
            }
            if (!isEmpty(dir)) {
                throw new IOException(dir + " may be written by every user and holds files already: as root, one put in"
                        + " it could lead a command to any file on the system; look at what it holds and make it root's"
                        + " alone (chmod go-w " + dir + "), or use a new directory");
            }
            own = FolderOwner.of(dir);
        }
        if (own.othersWrite() != null) {
            throw new IOException(dir + " may be written by " + own.othersWrite() + ": as root, a file they put in it could lead"
                    + " a command to any file on the system; make it root's alone (chmod go-w " + dir + "), or run this as the"
                    + " user the server runs as");
        }
    }

    /**
     * Every folder and link {@code given} leads through, as a command will read it: a folder another user may change
     * (a sticky one, /tmp, lets nobody move another's entry) or a link of theirs could lead the command elsewhere.
     */
    private static void onlyRootsOnTheWay(Path given) throws IOException {
        PathOnTheWay way = PathOnTheWay.of(given);
        for (Path folder : way.folders()) {
            FolderOwner up = FolderOwner.of(folder);
            if (up == null) continue; // a file system without owners
            String who = !up.root() ? "the user " + up.name() : up.sticky() ? null : up.othersWrite();
            if (who != null) {
                throw new IOException(given + " lies in " + folder + ", which " + who + " may change: as root, a folder"
                        + " put in its place could lead a command to any file on the system; use a data directory in"
                        + " folders only root may change, or run this as " + (up.root() ? "the user the server runs as"
                        : up.name() + " (sudo -u " + up.sudoName() + " palisade-server …)"));
            }
        }
        for (Path link : way.links()) {
            FolderOwner of = FolderOwner.of(link);
            if (of != null && !of.root()) {
                throw new IOException(given + " goes through " + link + ", a link the user " + of.name() + " may re-point:"
                        + " as root, a command could be led to any file on the system; give the data directory's real path,"
                        + " or run this as " + of.name() + " (sudo -u " + of.sudoName() + " palisade-server …)");
            }
        }
    }

    private static boolean isEmpty(Path dir) throws IOException {
        try (java.util.stream.Stream<Path> in = java.nio.file.Files.list(dir)) {
            return in.findAny().isEmpty();
        }
    }

    /**
     * The lock file, never through a link, and only a plain file: whoever owns the data directory (the service's
     * user) can put a link there, and a command run as root on it would then open, and hand that user, whatever
     * file the link names (/etc/shadow). Looked at before it is opened too: a FIFO would hold the open for good.
     */
    private static FileChannel open(Path file) throws IOException {
        if (Files.exists(file, LinkOption.NOFOLLOW_LINKS)) plainFile(file);
        FileChannel channel;
        try {
            channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS);
        } catch (IOException e) {
            if (Files.isSymbolicLink(file)) throw notPlain(file, "a symbolic link");
            throw e;
        }
        try {
            plainFile(file);
            return channel;
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    private static void plainFile(Path file) throws IOException {
        BasicFileAttributes a = Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        if (a.isSymbolicLink()) throw notPlain(file, "a symbolic link");
        if (!a.isRegularFile()) throw notPlain(file, "not a plain file");
    }

    private static IOException notPlain(Path file, String what) {
        return new IOException(file + " is " + what + ", not the lock file a server makes: nothing was opened through"
                + " it. Remove it (a server makes it again) and look at who could write to " + file.getParent());
    }

    @Override
    public void close() {
        try {
            lock.release();
            channel.close();
        } catch (IOException e) {
            // the process lets it go when it ends anyway
        } finally {
            HELD_HERE.remove(key);
        }
    }
}
