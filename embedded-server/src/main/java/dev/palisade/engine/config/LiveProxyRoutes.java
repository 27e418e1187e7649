package dev.palisade.engine.config;

import dev.palisade.engine.store.SettingsStore;

import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

/** The proxy routes in force: read lock-free, replaced whole and persisted on change. */
public final class LiveProxyRoutes implements Supplier<ProxyRoutes> {

    static final String KEY = "proxy.routes";

    private final SettingsStore store;
    private final AtomicReference<ProxyRoutes> current;

    public LiveProxyRoutes(SettingsStore store) {
        this.store = store;
        this.current = new AtomicReference<>(ProxyRoutes.decode(store.loadSettings().get(KEY)));
    }

    /** Reads it again: another node of the cluster changed it. */
    public synchronized void reload() { current.set(ProxyRoutes.decode(store.loadSettings().get(KEY))); }

    @Override
    public ProxyRoutes get() { return current.get(); }

    public synchronized ProxyRoutes replace(ProxyRoutes next) {
        store.saveSettings(Map.of(KEY, next.encode()));
        current.set(next);
        return next;
    }
}
