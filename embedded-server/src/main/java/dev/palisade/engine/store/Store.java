package dev.palisade.engine.store;

/**
 * Everything Palisade keeps across restarts. The engine reaches persistent state only through this
 * port, so the embedded SQLite store can be swapped for a shared one. Every implementation passes
 * the same contract test suite.
 */
public interface Store extends UserStore, ApiKeyStore, KeyRingStore, SettingsStore, SessionStore, EventStore, BlacklistStore,
        DebugTokenStore, OperatorTokenStore, RollupStore, CallMarkStore, LoginFailureStore, SpentNonceStore,
        AutoCloseable {

    /**
     * Reads from the store, cheaply, to show it answers (the health check).
     *
     * @throws StoreException when it does not: closed, or unreadable
     */
    void ping();

    /**
     * Tells {@code listener} whenever a part of the store may have been changed by someone else (another
     * node of a cluster), so the caches of that part are read again; it runs on the store's own thread.
     * A store only this process writes never calls it.
     */
    default void watchChanges(java.util.function.Consumer<StoreChange> listener) {
        // one process, one writer: nothing changes behind its back
    }

    @Override
    void close();
}
