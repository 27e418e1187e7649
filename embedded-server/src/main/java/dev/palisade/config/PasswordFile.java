package dev.palisade.config;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A password kept in a file of its own (a secret mounted by Docker or Kubernetes, a file only its owner
 * reads): its first line, without the spaces around it. A FIFO, a device or a file far larger than any
 * password is refused rather than read until the start hangs or runs out of memory.
 */
public final class PasswordFile {

    /** Far more than any password: a file larger than this is not one. */
    static final int MAX_BYTES = 64 * 1024;

    private PasswordFile() {}

    /** @throws IOException naming what is wrong with the file, never what is in it */
    public static String firstLine(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new IOException(Files.exists(file) ? "not a regular file" : "no such file");
        }
        byte[] bytes;
        try (InputStream in = Files.newInputStream(file)) {
            bytes = in.readNBytes(MAX_BYTES + 1);
        }
        if (bytes.length > MAX_BYTES) throw new IOException("larger than " + MAX_BYTES / 1024 + " KiB: not a password file");
        String text = new String(bytes, StandardCharsets.UTF_8);
        int end = text.indexOf('\n');
        return (end < 0 ? text : text.substring(0, end)).strip();
    }
}
