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
    private static final System.Logger LOG = System.getLogger(LiveRateWindows.class.getName());

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
        // the windows a newer version wrote stay for it to read (durability audit 61, M1), as many as the store holds
        StringBuilder text = new StringBuilder(RateWindow.encode(valid));
        List<String> unread = RateWindow.unread(store.loadSettings().get(KEY));
        int room = RateWindow.MOST - valid.size();
        for (String part : unread.subList(0, Math.min(room, unread.size()))) text.append(text.length() == 0 ? "" : ";").append(part);
        if (unread.size() > room) {
            LOG.log(System.Logger.Level.WARNING, (unread.size() - room) + " stored rate windows this version does not read"
                    + " were dropped: with the " + valid.size() + " saved, the store holds " + RateWindow.MOST + " at most");
        }
        store.saveSettings(Map.of(KEY, text.toString()));
        current.set(valid);
        return valid;
    }
}
