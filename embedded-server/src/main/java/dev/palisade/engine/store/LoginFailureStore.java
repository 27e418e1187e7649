package dev.palisade.engine.store;

import dev.palisade.engine.state.LoginFailures;

import java.util.Collection;
import java.util.List;

/**
 * A single node's failed logins, kept across a restart: a restart must not give a password guesser
 * five free tries again. A cluster's live in its shared state, which keeps them itself: a store for
 * one does nothing here.
 */
public interface LoginFailureStore {

    /** The failures whose last one was at or after {@code since}. */
    default List<LoginFailures.Kept> loadLoginFailures(long since) {
        return List.of();
    }

    /** Writes each user's and client kind's failures as given, deleting those given as forgotten, in one transaction. */
    default void saveLoginFailures(Collection<LoginFailures.Kept> kept) {}
}
