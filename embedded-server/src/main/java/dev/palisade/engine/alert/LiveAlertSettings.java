package dev.palisade.engine.alert;

import dev.palisade.engine.admin.Actor;
import dev.palisade.engine.event.Audit;
import dev.palisade.engine.store.SettingsStore;

import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;

/**
 * The alert settings in force: read lock-free by the {@link AlertWatch}, changed (validated, persisted and
 * audited) through {@link #update}. Its own admin noun, apart from {@code Operator} (STYLE 11).
 */
public final class LiveAlertSettings implements Supplier<AlertSettings> {

    static final String KEY = "alerts";

    private final SettingsStore store;
    private final Audit audit;
    private final AtomicReference<AlertSettings> current;

    public LiveAlertSettings(SettingsStore store, Audit audit) {
        this.store = store;
        this.audit = audit;
        this.current = new AtomicReference<>(AlertSettings.decode(store.loadSettings().get(KEY)));
    }

    /** Reads it again: another node of the cluster changed it. */
    public synchronized void reload() { current.set(AlertSettings.decode(store.loadSettings().get(KEY))); }

    @Override
    public AlertSettings get() { return current.get(); }

    /**
     * Applies {@code change} to the settings as stored (a partial change keeps the rest: on a cluster,
     * another node's too, even before this node has read it), all or nothing.
     *
     * @throws dev.palisade.engine.InvalidInputException naming each field out of bounds; nothing changes
     * @throws dev.palisade.engine.Denial {@code forbidden_role} for an actor who may only read
     */
    public synchronized AlertSettings update(UnaryOperator<AlertSettings> change, Actor by) {
        by.mustChange();
        String stored = store.loadSettings().get(KEY);
        AlertSettings before = AlertSettings.decode(stored);
        AlertSettings next = change.apply(before).validate();
        store.saveSettings(Map.of(KEY, next.encodeKeeping(stored)));
        current.set(next);
        String changes = next.changesFrom(before);
        audit.admin(by, "alerts_changed", changes.isEmpty() ? "alert settings saved unchanged: " + next.shown()
                : "alert settings changed: " + changes);
        return next;
    }
}
