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

    /** Deletes an entry that expired, which every node of a cluster drops by its own time: no other node need hear of it. */
    default void deleteExpiredBlacklist(String id) { deleteBlacklist(id); }
}
