package dev.palisade.console.ui.configuration;

import dev.palisade.console.client.AdminClient;
import dev.palisade.console.client.Dtos.SigningKeyView;
import dev.palisade.console.ui.common.Background;
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
            grace.set("A rotated-out key keeps verifying for " + loaded.get("grace").get(0) + " s (set in TTLs: Rotated key grace).");
        }, t -> message.set("Cannot load the keys: " + t.getMessage()));
    }

    /** Rotates {@code jwt} or {@code fingerprint}; live sessions keep working through the grace period. */
    public void rotate(String ring) {
        background.run(() -> admin.rotate(ring), key -> {
            message.set(("jwt".equals(ring) ? "New signing key " : "New fingerprint salt ") + key.kid() + " is current.");
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
    public ReadOnlyStringProperty message() { return message.getReadOnlyProperty(); }
}
