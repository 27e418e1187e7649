package dev.palisade.engine.config;

import dev.palisade.engine.store.SettingsStore;

import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

/** The settings in force: read lock-free on the request path, replaced whole and persisted on change. */
public final class LiveSettings implements Supplier<Settings> {

    private final SettingsStore store;
    private final AtomicReference<Settings> current;

    public LiveSettings(SettingsStore store) {
        this.store = store;
        this.current = new AtomicReference<>(Settings.fromStored(store.loadSettings()));
    }

    @Override
    public Settings get() { return current.get(); }

    /** Reads the settings again: another node of the cluster changed them. */
    public synchronized void reload() { current.set(Settings.fromStored(store.loadSettings())); }

    /**
     * Validates and applies {@code changes} (a partial map), then persists the settings it names and
     * those they must agree with: only these, since on a cluster this node's copy of the others may not
     * yet hold another node's change.
     *
     * @throws dev.palisade.engine.InvalidInputException naming every bad field; nothing changes then
     */
    public Settings update(Map<String, Long> changes) {
        return apply(changes, before -> { }).after();
    }

    /** Settings before and after one update, read under its lock: what it changed, not what another changed meanwhile. */
    public record Applied(Settings before, Settings after) {}

    /**
     * As {@link #update}, with the settings it started from; {@code allowed} may refuse the change (it throws) after
     * reading them, under the same lock: no other update lands between what it judged and what is stored.
     */
    public synchronized Applied apply(Map<String, Long> changes, java.util.function.Consumer<Settings> allowed) {
        // as stored: on a cluster another node may have changed them a moment ago, and the check judges what is replaced
        Settings before = Settings.fromStored(store.loadSettings());
        Settings next = before.with(changes); // a bad value is told first, whoever sends it
        allowed.accept(before);
        store.saveSettings(next.storedWith(changes.keySet()));
        current.set(next);
        return new Applied(before, next);
    }
}
