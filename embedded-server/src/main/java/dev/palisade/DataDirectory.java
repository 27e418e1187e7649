package dev.palisade;

import dev.palisade.engine.Secrets;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Locale;
import java.util.Set;

/** The data directory: where it is by default on each platform, and the admin token file in it. */
public final class DataDirectory {

    public static final String ADMIN_TOKEN_FILE = "admin.token";
    private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");

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

    /**
     * Reads the admin token, creating it (owner-only permissions where the file system has them) at
     * first start.
     */
    public static String adminToken(Path dataDir) throws IOException {
        Files.createDirectories(dataDir);
        Path file = dataDir.resolve(ADMIN_TOKEN_FILE);
        if (!Files.exists(file)) {
            String token = Secrets.randomToken(32);
            try {
                if (Files.getFileStore(dataDir).supportsFileAttributeView("posix")) {
                    Files.createFile(file, PosixFilePermissions.asFileAttribute(OWNER_ONLY));
                } else {
                    Files.createFile(file);
                }
                Files.writeString(file, token + "\n", StandardCharsets.US_ASCII);
            } catch (FileAlreadyExistsException raced) {
                // another process created it first; use theirs
            }
        }
        String token = Files.readString(file, StandardCharsets.US_ASCII).trim();
        if (token.length() < 32) {
            throw new IOException(file + " holds no usable admin token (at least 32 characters); delete it to make a new one");
        }
        return token;
    }
}
