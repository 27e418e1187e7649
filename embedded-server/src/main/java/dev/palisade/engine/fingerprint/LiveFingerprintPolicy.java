package dev.palisade.engine.fingerprint;

import dev.palisade.engine.store.SettingsStore;

import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;

/** The fingerprint policy in force: read lock-free, replaced whole and persisted on change;
 * a change starts from the stored policy, and keeps the components this version does not read. */
public final class LiveFingerprintPolicy implements Supplier<FingerprintPolicy> {

    private final SettingsStore store;
    private final AtomicReference<FingerprintPolicy> current;

    public LiveFingerprintPolicy(SettingsStore store) {
        this.store = store;
        this.current = new AtomicReference<>(FingerprintPolicy.fromStored(store.loadSettings()));
    }

    /** Reads it again: another node of the cluster changed it. */
    public synchronized void reload() { current.set(FingerprintPolicy.fromStored(store.loadSettings())); }

    @Override
    public FingerprintPolicy get() { return current.get(); }

    public FingerprintPolicy replace(FingerprintPolicy next) {
        return change(stored -> next);
    }

    /**
     * Applies {@code change} to the policy as stored, not as this node last read it: on a cluster
     * another node may have changed it since, and a change that keeps some fields must keep theirs.
     */
    public synchronized FingerprintPolicy change(UnaryOperator<FingerprintPolicy> change) {
        java.util.Map<String, String> stored = store.loadSettings();
        FingerprintPolicy read = FingerprintPolicy.fromStored(stored);
        FingerprintPolicy next = change.apply(read);
        java.util.Map<String, String> saved = new java.util.LinkedHashMap<>(next.asStored());
        // the components a newer version wrote stay for it to read (durability audit 61, M1), after this version's own
        // value of the same component (a default it filled in), which a reader of both takes the last of; unless this
        // change set that component
        for (String unread : FingerprintPolicy.unreadComponents(stored)) {
            String component = FingerprintPolicy.componentOf(unread);
            if (!java.util.Objects.equals(next.actions().get(component), read.actions().get(component))) continue;
            saved.merge("fingerprint.components", unread, (had, more) -> had.isEmpty() ? more : had + "," + more);
        }
        store.saveSettings(saved);
        current.set(next);
        return next;
    }
}
