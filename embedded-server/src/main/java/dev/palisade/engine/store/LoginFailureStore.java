package dev.palisade.engine.store;

import dev.palisade.engine.state.LoginFailures;

import java.util.Collection;
import java.util.List;

/**
 * A single node's failed logins and the clients each user logged in from, kept across a restart: a
 * restart must not give a password guesser five free tries again, nor count a user's own browser with
 * the guessers. A cluster's live in its shared state, which keeps them itself: a store for
 * one does nothing here.
 */
public interface LoginFailureStore {

    /** The failures whose last one was at or after {@code since}. */
    default List<LoginFailures.Kept> loadLoginFailures(long since) {
        return List.of();
    }

    /** Writes each user's and client kind's failures as given, deleting those given as forgotten, in one transaction. */
    default void saveLoginFailures(Collection<LoginFailures.Kept> kept) {}

    /** Every user's known clients, newest first. */
    default List<LoginFailures.Known> loadKnownClients() {
        return List.of();
    }

    /** Replaces each given user's known clients with those given, in one transaction. */
    default void saveKnownClients(Collection<LoginFailures.Known> known) {}
}
