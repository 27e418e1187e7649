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
        PrivateFiles.directory(dataDir);
        Path key = dataDir.toRealPath();
        notRootInAnothersDirectory(key);
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
     * Root works only in a data directory root owns: in one another user owns (the service's), that user can
     * put a link, a FIFO or a folder swapped at the right moment at any name a command reads, writes or deletes,
     * and lead root to any file on the system (reviews found one such name after another). Run as the
     * directory's owner instead, as the README does: {@code sudo -u palisade palisade-server …}.
     */
    static void notRootInAnothersDirectory(Path dir) throws IOException {
        if (!"root".equals(System.getProperty("user.name"))) return;
        String owner;
        try {
            owner = Files.getOwner(dir, LinkOption.NOFOLLOW_LINKS).getName();
        } catch (UnsupportedOperationException e) {
            return; // a file system without owners
        }
        if (!owner.equals("root")) {
            throw new IOException(dir + " belongs to " + owner + ": run this as " + owner + " (sudo -u " + owner
                    + " palisade-server …), not as root, whose commands there a file " + owner + " put in it could"
                    + " lead to any file on the system");
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
