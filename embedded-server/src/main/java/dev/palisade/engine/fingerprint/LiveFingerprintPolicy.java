package dev.palisade.engine.fingerprint;

import dev.palisade.engine.store.SettingsStore;

import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

/** The fingerprint policy in force: read lock-free, replaced whole and persisted on change. */
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

    public synchronized FingerprintPolicy replace(FingerprintPolicy next) {
        store.saveSettings(next.asStored());
        current.set(next);
        return next;
    }
}
