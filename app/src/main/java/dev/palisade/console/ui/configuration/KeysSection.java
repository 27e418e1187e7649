package dev.palisade.console.ui.configuration;

import dev.palisade.console.client.AdminClient;
import dev.palisade.console.client.Dtos.SigningKeyView;
import dev.palisade.console.ui.common.Background;
import dev.palisade.console.ui.common.Formats;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

import java.util.List;
import java.util.Map;

/** Token signing keys and fingerprint salts: their rotation timelines, and "rotate now". */
public final class KeysSection {

    private final AdminClient admin;
    private final Background background;
    private final ObservableList<SigningKeyView> signingKeys = FXCollections.observableArrayList();
    private final ObservableList<SigningKeyView> salts = FXCollections.observableArrayList();
    private final ReadOnlyStringWrapper grace = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper saltsNote = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper message = new ReadOnlyStringWrapper("");

    KeysSection(AdminClient admin, Background background) {
        this.admin = admin;
        this.background = background;
    }

    public void load() {
        background.run(() -> Map.of("jwt", admin.keys("jwt"), "fingerprint", admin.keys("fingerprint"),
                "grace", List.of(admin.config().get("keyGraceSeconds"))), loaded -> {
            @SuppressWarnings("unchecked") List<SigningKeyView> jwt = (List<SigningKeyView>) loaded.get("jwt");
            @SuppressWarnings("unchecked") List<SigningKeyView> fp = (List<SigningKeyView>) loaded.get("fingerprint");
            List<SigningKeyView> newestFirst = reversed(jwt);
            if (!signingKeys.equals(newestFirst)) signingKeys.setAll(newestFirst);
            List<SigningKeyView> saltsNewestFirst = reversed(fp);
            if (!salts.equals(saltsNewestFirst)) salts.setAll(saltsNewestFirst);
            long seconds = ((Number) loaded.get("grace").get(0)).longValue();
            grace.set(graceNote(seconds));
            saltsNote.set(saltsNote(seconds));
        }, t -> message.set("Cannot load the keys: " + t.getMessage()));
    }

    /**
     * What a signing key rotated out still does. With no grace it does nothing: "keeps verifying tokens for 0 s"
     * read as a grace, while every token it signed is refused from the rotation on (ux48).
     */
    static String graceNote(long seconds) {
        return seconds == 0 ? "A rotated-out signing key stops verifying at once: tokens it signed are refused from the"
                        + " rotation on (no grace; set in TTLs: Rotated key grace)."
                : "A rotated-out signing key keeps verifying tokens for " + seconds + " s (set in TTLs: Rotated key grace).";
    }

    /** What a salt rotated out still does, and for how long; with no grace, nothing (ux48: "for 0 s it only lets…"). */
    static String saltsNote(long seconds) {
        String rotation = "A rotation re-hashes every live session under the new salt. A salt rotated out verifies no session";
        return seconds == 0 ? rotation + ", and with no grace a login whose bootstrap began before the rotation cannot complete."
                : rotation + ": for " + seconds + " s it only lets a login whose bootstrap began before the rotation complete.";
    }

    /**
     * A salt's state as what it does: one in its grace is no longer any session's (they were re-hashed under the
     * current salt at the rotation) and only completes a login whose bootstrap began before it was rotated out;
     * "grace" read as if it still verified sessions (ux47).
     */
    public static String saltState(SigningKeyView salt) {
        return "grace".equals(salt.state()) ? "accepts logins begun before " + Formats.time(salt.retiredAt()) : salt.state();
    }

    /**
     * Rotates {@code jwt} or {@code fingerprint}. Tokens signed by a key rotated out keep verifying through its
     * grace; live sessions are re-hashed under a new salt at once.
     */
    public void rotate(String ring) {
        background.run(() -> admin.rotate(ring), key -> {
            message.set("jwt".equals(ring) ? "New signing key " + key.kid() + " is current."
                    : "New fingerprint salt " + key.kid() + " is current: every live session is re-hashed under it.");
            load();
        }, t -> message.set("Failed: " + t.getMessage()));
    }

    private static List<SigningKeyView> reversed(List<SigningKeyView> oldestFirst) {
        List<SigningKeyView> copy = new java.util.ArrayList<>(oldestFirst);
        java.util.Collections.reverse(copy);
        return copy;
    }

    public ObservableList<SigningKeyView> signingKeys() { return signingKeys; }
    public ObservableList<SigningKeyView> salts() { return salts; }
    public ReadOnlyStringProperty grace() { return grace.getReadOnlyProperty(); }
    /** What a salt rotated out still does, and for how long. */
    public ReadOnlyStringProperty saltsNote() { return saltsNote.getReadOnlyProperty(); }
    public ReadOnlyStringProperty message() { return message.getReadOnlyProperty(); }
}
