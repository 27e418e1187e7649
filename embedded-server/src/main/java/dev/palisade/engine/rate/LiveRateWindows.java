package dev.palisade.engine.rate;

import dev.palisade.engine.store.SettingsStore;

import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

/**
 * The rate windows in force: read lock-free, replaced whole (validated) and persisted on change, with the stored
 * windows this version does not read kept.
 */
public final class LiveRateWindows implements Supplier<List<RateWindow>> {

    static final String KEY = "rate.windows";

    private final SettingsStore store;
    private final AtomicReference<List<RateWindow>> current;

    public LiveRateWindows(SettingsStore store) {
        this.store = store;
        this.current = new AtomicReference<>(RateWindow.decode(store.loadSettings().get(KEY)));
    }

    /** Reads it again: another node of the cluster changed it. */
    public synchronized void reload() { current.set(RateWindow.decode(store.loadSettings().get(KEY))); }

    @Override
    public List<RateWindow> get() { return current.get(); }

    public synchronized List<RateWindow> replace(List<RateWindow> next) {
        List<RateWindow> valid = RateWindow.validate(next);
        // the windows a newer version wrote stay for it to read (durability audit 61, M1)
        StringBuilder text = new StringBuilder(RateWindow.encode(valid));
        for (String unread : RateWindow.unread(store.loadSettings().get(KEY))) text.append(text.length() == 0 ? "" : ";").append(unread);
        store.saveSettings(Map.of(KEY, text.toString()));
        current.set(valid);
        return valid;
    }
}
