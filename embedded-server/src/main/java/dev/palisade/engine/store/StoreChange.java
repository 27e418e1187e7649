package dev.palisade.engine.store;

/** What a shared store says changed, so each node reads that part again (a cluster's change feed). */
public enum StoreChange {
    USERS, API_KEYS, KEY_RINGS, SETTINGS, BLACKLIST, DEBUG_TOKENS, OPERATOR_TOKENS, SESSIONS
}
