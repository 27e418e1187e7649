package dev.palisade.engine.store;

import dev.palisade.engine.session.SessionRecord;

import java.util.Collection;
import java.util.List;

public interface SessionStore {
    List<SessionRecord> loadSessions();

    /** Inserts or replaces each session by id, in one transaction. */
    void saveSessions(Collection<SessionRecord> sessions);

    void deleteSessions(Collection<String> ids);
}
