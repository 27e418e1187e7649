package dev.palisade.engine.store;

import dev.palisade.engine.blacklist.BlacklistEntry;

import java.util.Collection;
import java.util.List;

public interface BlacklistStore {
    List<BlacklistEntry> listBlacklist();

    void insertBlacklist(Collection<BlacklistEntry> entries);

    /** @return false if there was no such entry */
    boolean deleteBlacklist(String id);
}
