package dev.palisade.store;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * Files and folders that hold secrets (signing keys, password hashes, the admin token) are made
 * owner-only where the file system has POSIX permissions. What already exists is left as its owner set it.
 */
public final class PrivateFiles {

    private PrivateFiles() {}

    public static void directory(Path dir) throws IOException {
        if (Files.isDirectory(dir)) return;
        Path absolute = dir.toAbsolutePath();
        Path parent = absolute.getParent();
        // the missing folders one at a time, each made where its name was missing: a link put at one meanwhile (in a
        // folder others may write, /tmp) fails the make rather than leading it elsewhere
        boolean making = false;
        for (int i = 1; parent != null && i <= parent.getNameCount(); i++) {
            Path level = parent.getRoot().resolve(parent.subpath(0, i));
            // the folders there before may be reached through links (checked by whoever asks); below one made here, only
            // a folder made meanwhile by another process is taken, never a link
            if (!making && Files.exists(level) || Files.isDirectory(level, LinkOption.NOFOLLOW_LINKS)) continue;
            try {
                Files.createDirectory(level);
                making = true;
            } catch (FileAlreadyExistsException raced) {
                if (!Files.isDirectory(level, LinkOption.NOFOLLOW_LINKS)) throw raced;
                making = true; // missing a moment ago: what lies below was made now too
            }
        }
        try {
            Files.createDirectory(absolute, ownerOnly(parent, "rwx------"));
        } catch (FileAlreadyExistsException raced) {
            // created meanwhile: keep it
        }
    }

    /** Creates an empty owner-only file unless it exists; SQLite gives its journal files the same mode. */
    public static void file(Path file) throws IOException {
        if (Files.exists(file)) return;
        try {
            Files.createFile(file, ownerOnly(file.toAbsolutePath().getParent(), "rw-------"));
        } catch (FileAlreadyExistsException raced) {
            // created meanwhile: keep it
        }
    }

    /**
     * Creates a new empty owner-only file, failing if anything is at {@code file}: an existing file, or a
     * link (followed, it would make a file elsewhere, with whatever mode the umask gives).
     */
    public static void newFile(Path file) throws IOException {
        Files.newByteChannel(file, java.util.Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE,
                LinkOption.NOFOLLOW_LINKS), ownerOnly(file.toAbsolutePath().getParent(), "rw-------")).close();
    }

    /**
     * Writes {@code content} into a file made new at {@code file}, on disk before it returns. Whatever was there
     * is removed first (a link itself, never what it names), and the file is made only if nothing took the
     * name meanwhile: a command run as root on a directory another user owns (the service's data directory)
     * never writes through a link that user planted at a name it uses for a moment (an audit's find).
     *
     * @param ownerOnly made owner-only (a secret, or a copy of one), else with the umask's mode
     */
    public static void writeNew(Path file, byte[] content, boolean ownerOnly) throws IOException {
        Files.deleteIfExists(file);
        FileAttribute<?>[] mode = ownerOnly ? ownerOnly(file.toAbsolutePath().getParent(), "rw-------") : new FileAttribute<?>[0];
        try (java.nio.channels.SeekableByteChannel c = Files.newByteChannel(file, java.util.Set.of(StandardOpenOption.CREATE_NEW,
                StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS), mode)) {
            java.nio.ByteBuffer b = java.nio.ByteBuffer.wrap(content);
            while (b.hasRemaining()) c.write(b);
            ((java.nio.channels.FileChannel) c).force(true);
        }
    }

    /**
     * Replaces {@code target}'s content with {@code content} whole: written beside it ({@link #writeNew}) and moved
     * over it, so a reader never sees half; the file keeps its mode and owner, and a link at {@code target} is
     * followed to the file it names, which is the one replaced (as writing to it would have).
     */
    public static void replaceKeeping(Path target, byte[] content) throws IOException {
        Path real = Files.isSymbolicLink(target) ? target.toRealPath() : target.toAbsolutePath();
        Path next = real.resolveSibling("." + real.getFileName() + ".new");
        try {
            writeNew(next, content, false);
            if (Files.exists(real, LinkOption.NOFOLLOW_LINKS)) {
                var view = Files.getFileAttributeView(real, java.nio.file.attribute.PosixFileAttributeView.class, LinkOption.NOFOLLOW_LINKS);
                if (view != null) {
                    var was = view.readAttributes();
                    // on the new file itself, never through a link put at its name since
                    var now = Files.getFileAttributeView(next, java.nio.file.attribute.PosixFileAttributeView.class,
                            LinkOption.NOFOLLOW_LINKS);
                    try {
                        now.setGroup(was.group()); // a config the service reads through its group stays readable
                        now.setOwner(was.owner());
                    } catch (IOException notRoot) {
                        // only root gives a file away: the new one is this user's, with the old one's mode
                    }
                    now.setPermissions(was.permissions());
                }
            }
            Files.move(next, real, java.nio.file.StandardCopyOption.ATOMIC_MOVE, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            syncDirectory(real.getParent());
        } finally {
            Files.deleteIfExists(next);
        }
    }

    /** Puts {@code file}'s content, and its name in its folder, on disk: through a power loss it is whole, not empty. */
    public static void syncFile(Path file) throws IOException {
        try (java.nio.channels.FileChannel c = java.nio.channels.FileChannel.open(file, StandardOpenOption.WRITE)) {
            c.force(true);
        }
        syncDirectory(file.toAbsolutePath().getParent());
    }

    /**
     * Moves a file written whole over {@code target}, atomically and durably: its content on disk
     * before it takes the old one's place, and the rename on disk after, so a crash or a power loss
     * leaves the old file or the new one, never an empty or a lost one.
     */
    public static void replaceSynced(Path written, Path target) throws IOException {
        syncFile(written);
        Files.move(written, target, java.nio.file.StandardCopyOption.ATOMIC_MOVE, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        syncDirectory(target.toAbsolutePath().getParent());
    }

    /**
     * Makes the renames and creations in {@code dir} durable through a power loss: a file moved over
     * another is on disk only once its folder is. A system whose folders cannot be opened so (Windows)
     * makes its renames as durable as it can by itself.
     */
    public static void syncDirectory(Path dir) {
        try (java.nio.channels.FileChannel d = java.nio.channels.FileChannel.open(dir, StandardOpenOption.READ)) {
            d.force(true);
        } catch (IOException | UnsupportedOperationException e) {
            // as above: nothing more can be done here
        }
    }

    private static FileAttribute<?>[] ownerOnly(Path where, String mode) throws IOException {
        if (where == null || !Files.getFileStore(where).supportsFileAttributeView("posix")) return new FileAttribute<?>[0];
        return new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString(mode))};
    }
}
