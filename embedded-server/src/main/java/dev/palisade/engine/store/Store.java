package dev.palisade.engine.store;

/**
 * Everything Palisade keeps across restarts. The engine reaches persistent state only through this
 * port, so the embedded SQLite store can be swapped for a shared one. Every implementation passes
 * the same contract test suite.
 */
public interface Store extends UserStore, ApiKeyStore, KeyRingStore, SettingsStore, SessionStore, EventStore, BlacklistStore,
        DebugTokenStore, OperatorTokenStore, RollupStore,
        AutoCloseable {

    /**
     * Reads from the store, cheaply, to show it answers (the health check).
     *
     * @throws StoreException when it does not: closed, or unreadable
     */
    void ping();

    @Override
    void close();
}
