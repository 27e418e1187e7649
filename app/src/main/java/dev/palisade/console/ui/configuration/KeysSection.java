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
    private final ReadOnlyStringWrapper signingMessage = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper saltMessage = new ReadOnlyStringWrapper("");

    KeysSection(AdminClient admin, Background background) {
        this.admin = admin;
        this.background = background;
    }

    private static final String CANNOT_LOAD = "Cannot load the keys: ";

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
            // a failed read told before is over; a rotation's own line stays (audit 51)
            if (message.get().startsWith(CANNOT_LOAD)) message.set("");
        }, t -> message.set(CANNOT_LOAD + t.getMessage()));
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
     * Rotates the token signing key. The grace in force is read first (off the UI thread: the TTLs tab or another
     * operator may have changed it since the tab was loaded); with none, a rotation ends every session at once, so
     * {@code confirm} is asked on the UI thread (header, detail) and nothing is rotated unless it says yes (ux48b:
     * it rotated at one click, and said only "New signing key … is current." at the foot of the tab).
     */
    public void rotateSigningKey(java.util.function.BiPredicate<String, String> confirm) {
        signingMessage.set(""); // "Rotating…" beside a dialog still asking read as if it had begun
        background.run(() -> ((Number) admin.config().get("keyGraceSeconds")).longValue(), seconds -> {
            if (seconds == 0 && !confirm.test(NO_GRACE_HEADER, NO_GRACE_DETAIL)) {
                signingMessage.set("Not rotated: the current key stays.");
                return;
            }
            signingMessage.set("Rotating…");
            background.run(() -> admin.rotate("jwt"), key -> {
                signingMessage.set(signingRotated(key, seconds));
                load();
            }, t -> signingMessage.set("Not rotated: " + t.getMessage()));
        }, t -> signingMessage.set("Not rotated: " + t.getMessage()));
    }

    static final String NO_GRACE_HEADER = "Rotate the signing key with no grace, logging every user out?";
    static final String NO_GRACE_DETAIL = "Rotated key grace is 0 s: the current key is retired with no grace, so every"
            + " session's token stops verifying at once and every user must log in again. To let sessions go on,"
            + " set a grace in TTLs (Rotated key grace) first.";

    /** What a signing key's rotation did, said beside its button. */
    static String signingRotated(SigningKeyView key, long graceSeconds) {
        String current = "Rotated: " + key.kid() + " signs from now on. ";
        return graceSeconds == 0 ? current + "Tokens the old key signed are refused: every user must log in again."
                : current + "Tokens the old key signed verify until " + Formats.time(key.createdAt() + graceSeconds * 1000)
                        + " (" + graceSeconds + " s); sessions go on with a new token at their next refresh.";
    }

    /** Rotates the fingerprint salt: live sessions are re-hashed under the new one at once. */
    public void rotateSalt() {
        saltMessage.set("Rotating…");
        background.run(() -> admin.rotate("fingerprint"), key -> {
            saltMessage.set("Rotated: " + key.kid() + " is current; every live session is re-hashed under it.");
            load();
        }, t -> saltMessage.set("Not rotated: " + t.getMessage()));
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
    /** A failure to load the keys. */
    public ReadOnlyStringProperty message() { return message.getReadOnlyProperty(); }
    /** What the signing key's "Rotate now" did, shown beside it. */
    public ReadOnlyStringProperty signingMessage() { return signingMessage.getReadOnlyProperty(); }
    /** What the salts' "Rotate now" did, shown beside it. */
    public ReadOnlyStringProperty saltMessage() { return saltMessage.getReadOnlyProperty(); }
}
