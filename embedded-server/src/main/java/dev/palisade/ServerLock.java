package dev.palisade;

import dev.palisade.store.PrivateFiles;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

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
        if (!HELD_HERE.add(key)) throw new Held(dataDir);
        FileChannel channel = null;
        try {
            Path file = key.resolve(FILE_NAME);
            channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            sameOwnerAsDirectory(file, key);
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
     * A lock file root made (a command run with sudo on the service's directory) would keep the service's
     * own user from opening it at its next start: it takes the directory's owner, as SQLite gives its
     * journal files the database's.
     */
    private static void sameOwnerAsDirectory(Path file, Path dir) {
        try {
            var owner = java.nio.file.Files.getOwner(dir);
            if (!java.nio.file.Files.getOwner(file).equals(owner)) java.nio.file.Files.setOwner(file, owner);
        } catch (IOException | UnsupportedOperationException e) {
            // not root, or a file system without owners: the file is this user's, as the directory is
        }
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
