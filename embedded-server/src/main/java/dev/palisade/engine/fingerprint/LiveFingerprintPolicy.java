package dev.palisade.engine.fingerprint;

import dev.palisade.engine.store.SettingsStore;

import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;

/** The fingerprint policy in force: read lock-free, replaced whole and persisted on change;
 * a change starts from the stored policy. */
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
        FingerprintPolicy next = change.apply(FingerprintPolicy.fromStored(store.loadSettings()));
        store.saveSettings(next.asStored());
        current.set(next);
        return next;
    }
}
