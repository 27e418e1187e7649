package dev.palisade.console;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.prefs.BackingStoreException;
import java.util.prefs.Preferences;

/**
 * Remote servers the operator connects to, remembered by name in the user's preferences (admin URL
 * and token). The token is stored there for the operator's convenience and never logged or shown.
 */
public final class Profiles {

    /** A named remote server. */
    public record Profile(String name, String adminUrl, String adminToken) {
        @Override
        public String toString() { return name + " (" + adminUrl + ")"; }
    }

    private final java.util.function.Supplier<Preferences> opening;
    private Preferences opened;

    public Profiles(Preferences node) {
        this(() -> node);
    }

    /** Opens the preferences at the first use, not here: the window is built on the FX thread. */
    Profiles(java.util.function.Supplier<Preferences> opening) {
        this.opening = opening;
    }

    /**
     * The user's profiles. The preferences are opened at the first list, find or save, which the
     * console makes on a thread of its own: the first opening in a process sets up the folder they live
     * in, each path part a look at the disk (a network home folder makes that slow).
     */
    public static Profiles forUser() {
        return new Profiles(() -> Preferences.userRoot().node("dev/palisade/console/profiles"));
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
        String token = p.get("adminToken", null);
        return url == null || token == null ? Optional.empty() : Optional.of(new Profile(name, url, token));
    }

    /**
     * A profile as it would be saved, checked without touching the preferences (on the UI thread, as
     * the operator types).
     *
     * @throws IllegalArgumentException for a blank name, a URL that is not http(s), or no token
     */
    public static Profile check(String name, String adminUrl, String adminToken) {
        if (name == null || name.isBlank() || name.contains("/") || name.length() > 64) {
            throw new IllegalArgumentException("a profile name: 1–64 characters, no '/'");
        }
        if (adminUrl == null || !adminUrl.matches("https?://[^\\s]+")) throw new IllegalArgumentException("an http(s) admin URL");
        if (adminToken == null || adminToken.isBlank()) throw new IllegalArgumentException("the admin token");
        return new Profile(name.trim(), adminUrl.trim().replaceAll("/+$", ""), adminToken.trim());
    }

    /** @throws IllegalArgumentException as {@link #check}; IllegalStateException when the preferences cannot be written */
    public Profile save(String name, String adminUrl, String adminToken) {
        Profile profile = check(name, adminUrl, adminToken);
        Preferences p = node().node(profile.name());
        p.put("adminUrl", profile.adminUrl());
        p.put("adminToken", profile.adminToken());
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
        } catch (BackingStoreException e) {
            throw new IllegalStateException("cannot remove the profile: " + e.getMessage(), e);
        }
    }
}
