package dev.palisade.console;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.prefs.BackingStoreException;
import java.util.prefs.Preferences;

/**
 * Remote servers the operator connects to, remembered by name: the admin URL in the user's
 * preferences, the admin token in a file of its own that only the user may read ({@code 0600}, in a
 * folder of {@code 0700}): the preferences' files are not made private themselves (0644), only their
 * folder when Java makes it, so a folder made otherwise left the token readable. The token is never
 * logged or shown.
 */
public final class Profiles {

    /** A named remote server. */
    public record Profile(String name, String adminUrl, String adminToken) {
        @Override
        public String toString() { return name + " (" + adminUrl + ")"; }

        /** Whether it has a name, so is kept; a one-off look has none. */
        public boolean named() { return !name.isEmpty(); }

        /** How the window's status bar and questions name the server. */
        public String description() { return named() ? name + " " + adminUrl : "remote " + adminUrl; }
    }

    /** Where an older version kept a profile's token, in the preferences: moved to its file when read. */
    private static final String TOKEN_IN_PREFERENCES = "adminToken";

    private final java.util.function.Supplier<Preferences> opening;
    private final Path tokens;
    private Preferences opened;

    /** @param tokens the folder the tokens are kept in, made (private) when the first is saved */
    public Profiles(Preferences node, Path tokens) {
        this(() -> node, tokens);
    }

    /** Opens the preferences at the first use, not here: the window is built on the FX thread. */
    Profiles(java.util.function.Supplier<Preferences> opening, Path tokens) {
        this.opening = opening;
        this.tokens = tokens;
    }

    /**
     * The user's profiles. The preferences are opened at the first list, find or save, which the
     * console makes on a thread of its own: the first opening in a process sets up the folder they live
     * in, each path part a look at the disk (a network home folder makes that slow). Tokens are kept
     * under {@code $XDG_CONFIG_HOME/palisade/console-tokens} ({@code ~/.config} when it is not set).
     */
    public static Profiles forUser() {
        String config = System.getenv("XDG_CONFIG_HOME");
        // a relative one is to be ignored (the XDG base directory specification)
        Path base = config != null && !config.isBlank() && Path.of(config).isAbsolute() ? Path.of(config)
                : Path.of(System.getProperty("user.home"), ".config");
        return new Profiles(() -> Preferences.userRoot().node("dev/palisade/console/profiles"),
                base.resolve("palisade").resolve("console-tokens"));
    }

    private synchronized Preferences node() {
        if (opened == null) opened = opening.get();
        return opened;
    }

    public List<Profile> list() {
        List<Profile> out = new ArrayList<>();
        try {
            for (String name : node().childrenNames()) find(name).ifPresent(out::add);
        } catch (BackingStoreException e) {
            return out;
        }
        out.sort(java.util.Comparator.comparing(Profile::name));
        return out;
    }

    public Optional<Profile> find(String name) {
        try {
            if (!node().nodeExists(name)) return Optional.empty();
        } catch (BackingStoreException | IllegalArgumentException e) {
            return Optional.empty();
        }
        Preferences p = node().node(name);
        String url = p.get("adminUrl", null);
        String token = readToken(name);
        String older = p.get(TOKEN_IN_PREFERENCES, null);
        if (older != null) {
            // saved by an older version where everyone could read it: moved to the private file
            try {
                if (token == null) writeToken(name, older);
                p.remove(TOKEN_IN_PREFERENCES);
                p.flush();
                if (token == null) token = older;
            } catch (IOException | BackingStoreException e) {
                if (token == null) token = older;
            }
        }
        return url == null || token == null ? Optional.empty() : Optional.of(new Profile(name, url, token));
    }

    /**
     * A profile as it would be saved, checked without touching the preferences (on the UI thread, as
     * the operator types).
     *
     * @throws IllegalArgumentException for a blank name, a URL that is not http(s), or no token
     */
    public static Profile check(String name, String adminUrl, String adminToken) {
        List<String> missing = missing(name, adminUrl, adminToken);
        if (!missing.isEmpty()) throw new IllegalArgumentException(missing.get(0));
        return new Profile(name.trim(), url(adminUrl), adminToken.trim());
    }

    /** An admin URL as a profile keeps it: trimmed, without trailing slashes. */
    public static String url(String typed) {
        return typed.trim().replaceAll("/+$", "");
    }

    /**
     * What {@link #check} would refuse, every problem at once ("a profile name: …", "an http(s) admin URL",
     * "the admin token"): told one per attempt, the operator fixed the name only to hear about the URL (ux44 D7).
     */
    public static List<String> missing(String name, String adminUrl, String adminToken) {
        List<String> missing = new java.util.ArrayList<>();
        if (name == null || name.isBlank() || name.contains("/") || name.length() > 64) {
            missing.add("a profile name: 1–64 characters, no '/'");
        }
        missing.addAll(missingToConnect(adminUrl, adminToken));
        return missing;
    }

    /** What a connection needs whether it is saved or not: a one-off look needs no name (ux44 D7). */
    public static List<String> missingToConnect(String adminUrl, String adminToken) {
        List<String> missing = new java.util.ArrayList<>();
        if (adminUrl == null || !adminUrl.matches("https?://[^\\s]+")) {
            missing.add("an http(s) admin URL");
        } else if (adminUrl.matches("https?://[^/?#]*@.*")) {
            // a user or password there is never sent (the token is the credential), only shown in errors, logged and
            // kept in the Preferences in clear (hardening audit 60)
            missing.add("an admin URL without a user or password in it (the admin token is the credential)");
        }
        if (adminToken == null || adminToken.isBlank()) missing.add("the admin token");
        return missing;
    }

    /**
     * A server to watch once, not remembered: no name, nothing written.
     *
     * @throws IllegalArgumentException for a URL that is not http(s), or no token
     */
    public static Profile unsaved(String adminUrl, String adminToken) {
        List<String> missing = missingToConnect(adminUrl, adminToken);
        if (!missing.isEmpty()) throw new IllegalArgumentException(missing.get(0));
        return new Profile("", url(adminUrl), adminToken.trim());
    }

    /** @throws IllegalArgumentException as {@link #check}; IllegalStateException when the profile cannot be written */
    public Profile save(String name, String adminUrl, String adminToken) {
        Profile profile = check(name, adminUrl, adminToken);
        try {
            writeToken(profile.name(), profile.adminToken());
        } catch (IOException e) {
            throw new IllegalStateException("cannot save the profile's token in " + tokens + ": " + e.getMessage(), e);
        }
        Preferences p = node().node(profile.name());
        p.put("adminUrl", profile.adminUrl());
        p.remove(TOKEN_IN_PREFERENCES);
        try {
            p.flush();
        } catch (BackingStoreException e) {
            throw new IllegalStateException("cannot save the profile: " + e.getMessage(), e);
        }
        return find(profile.name()).orElseThrow();
    }

    public void remove(String name) {
        try {
            if (node().nodeExists(name)) node().node(name).removeNode();
            node().flush();
            Files.deleteIfExists(tokenFile(name));
        } catch (BackingStoreException | IOException e) {
            throw new IllegalStateException("cannot remove the profile: " + e.getMessage(), e);
        }
    }

    /** Whether the operator chose the dark theme last (kept beside the profiles; not a profile: they are child nodes). */
    public boolean prefersDark() {
        return node().getBoolean("darkTheme", false);
    }

    public void rememberDark(boolean dark) {
        node().putBoolean("darkTheme", dark);
        try {
            node().flush();
        } catch (BackingStoreException e) {
            throw new IllegalStateException("cannot remember the theme: " + e.getMessage(), e);
        }
    }

    /** A file per profile, named by the SHA-256 of the name: a name may hold any character but '/', and 64 of them. */
    private Path tokenFile(String name) {
        try {
            byte[] digest = java.security.MessageDigest.getInstance("SHA-256").digest(name.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            return tokens.resolve(java.util.HexFormat.of().formatHex(digest) + ".token");
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private String readToken(String name) {
        try {
            String text = Files.readString(tokenFile(name), java.nio.charset.StandardCharsets.UTF_8).strip();
            return text.isEmpty() ? null : text;
        } catch (IOException e) {
            return null;
        }
    }

    /** Written whole and moved into place, made readable by the user alone before the token is in it. */
    private void writeToken(String name, String token) throws IOException {
        boolean posix = tokens.getFileSystem().supportedFileAttributeViews().contains("posix");
        if (!Files.isDirectory(tokens)) {
            if (posix) {
                Files.createDirectories(tokens, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            } else {
                Files.createDirectories(tokens);
            }
        }
        if (posix) Files.setPosixFilePermissions(tokens, PosixFilePermissions.fromString("rwx------"));
        Path next = posix
                ? Files.createTempFile(tokens, ".token-", ".tmp", PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")))
                : Files.createTempFile(tokens, ".token-", ".tmp");
        try {
            Files.writeString(next, token, java.nio.charset.StandardCharsets.UTF_8);
            // after a power loss an empty file would drop the profile from the list without a word
            dev.palisade.store.PrivateFiles.replaceSynced(next, tokenFile(name));
        } finally {
            Files.deleteIfExists(next);
        }
    }
}
