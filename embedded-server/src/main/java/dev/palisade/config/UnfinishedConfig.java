package dev.palisade.config;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A configuration file being applied at a single node's start, noted in the data directory until it is
 * in force whole. Its sections are applied one after another, each stored as it goes: a start killed
 * half-way leaves some in force and some not (the blacklist there, a user to disable not yet), and the note
 * says so at the next start, which otherwise serves that mix in silence. (A cluster keeps the same
 * record in Redis, as its claim.)
 */
public final class UnfinishedConfig {

    public static final String FILE_NAME = "config.applying";

    private UnfinishedConfig() {}

    /**
     * Runs {@code apply} with {@code what} (the file and its digest) noted: the note stays when it
     * throws, or when the process ends before it returns.
     */
    public static void applying(Path dataDir, String what, Runnable apply) throws IOException {
        begin(dataDir, what);
        apply.run();
        Files.deleteIfExists(dataDir.resolve(FILE_NAME));
    }

    /** Notes, durably, that {@code what} is about to be applied. */
    public static void begin(Path dataDir, String what) throws IOException {
        Path note = dataDir.resolve(FILE_NAME);
        Path next = dataDir.resolve(FILE_NAME + ".new");
        dev.palisade.store.PrivateFiles.writeNew(next, (what + "\n").getBytes(StandardCharsets.UTF_8), false);
        dev.palisade.store.PrivateFiles.replaceSynced(next, note); // through a power loss, the rename too
    }

    /** What a start stopped applying (the file and its digest), or null when none did. */
    public static String of(Path dataDir) throws IOException {
        Path note = dataDir.resolve(FILE_NAME);
        if (!Files.exists(note)) return null;
        String what = Files.readString(note, StandardCharsets.UTF_8).trim();
        return what.isEmpty() ? "a configuration file" : what;
    }

    /** What to tell the operator of an unfinished file. */
    public static String warning(String what) {
        return "a start stopped while applying " + what + ": only part of it is in force (its sections are applied in"
                + " turn: routes, settings, windows, rules, fingerprint, blacklist, users). Start again with that --config"
                + " to apply it whole";
    }

    /** What to tell the operator of an export of the configuration in force while {@code what} is in force in part. */
    public static String exportWarning(String what) {
        return warning(what) + ". This export is that mix, not the file: look at it before you keep it";
    }

    /**
     * {@link #exportWarning} as a YAML comment to put before the exported document, on one line whatever the noted
     * file's name holds: a committed export says it is the mix wherever it is read.
     */
    public static String exportComment(String what) {
        return "# warning: " + exportWarning(what).replaceAll("[\\r\\n\\u0085\\u2028\\u2029]", " ") + "\n";
    }
}
