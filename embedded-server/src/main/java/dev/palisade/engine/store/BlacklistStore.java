package dev.palisade.engine.store;

import dev.palisade.engine.blacklist.BlacklistEntry;

import java.util.Collection;
import java.util.List;

public interface BlacklistStore {
    List<BlacklistEntry> listBlacklist();

    /** The entry with {@code id}, or null: one another node of a cluster added a moment ago. */
    BlacklistEntry findBlacklist(String id);

    void insertBlacklist(Collection<BlacklistEntry> entries);

    /** @return false if there was no such entry */
    boolean deleteBlacklist(String id);
}
