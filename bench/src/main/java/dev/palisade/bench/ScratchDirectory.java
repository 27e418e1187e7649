package dev.palisade.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * A harness's working files (its server's database, the request scripts, an upstream's logs) in a directory of the
 * system's temporary files that is deleted when the JVM ends, however it ends: a run of the bench harness left
 * 148 MB behind each time.
 */
public final class ScratchDirectory {

    private ScratchDirectory() {}

    /** A new empty directory named {@code prefix…}, deleted with all it holds at the JVM's exit. */
    public static Path create(String prefix) throws IOException {
        Path dir = Files.createTempDirectory(prefix);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> delete(dir), "delete " + dir.getFileName()));
        return dir;
    }

    /** Deletes {@code dir} and all it holds; what is already gone is no matter. */
    public static void delete(Path dir) {
        if (!Files.exists(dir)) return;
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException | UncheckedIOException e) {
            System.err.println("could not delete " + dir + ": " + e.getMessage());
        }
    }
}
