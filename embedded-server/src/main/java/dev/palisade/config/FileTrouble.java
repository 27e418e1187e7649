package dev.palisade.config;

import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;

/**
 * What stopped a file from being read, in words. The JDK's file exceptions say only the path, which the
 * message names already: "cannot read the key k.pem: k.pem" sent its reader to guess between a missing file,
 * one the server's user may not read, and one that is no text.
 */
public final class FileTrouble {

    private FileTrouble() {}

    public static String why(IOException e) {
        if (e instanceof NoSuchFileException) return "no such file";
        if (e instanceof AccessDeniedException) return "permission denied to the user the server runs as ("
                + System.getProperty("user.name") + ")";
        if (e instanceof NotDirectoryException) return "not a directory";
        if (e instanceof FileSystemException f) return f.getReason() != null ? f.getReason() : f.getClass().getSimpleName();
        if (e instanceof CharacterCodingException) return "not plain ASCII text (saved with a byte-order mark, or not PEM?)";
        return e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
    }
}
