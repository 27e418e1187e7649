package dev.palisade.engine.store;

/** How the run before this one ended, as the store recorded it. */
public enum PreviousRun {
    /** Stopped cleanly (or there was none): its events are all written. */
    CLEAN,
    /** Killed, or its machine stopped: events it handed out may not be written. */
    UNCLEAN,
    /**
     * The store is a backup copy, started from for the first time: what the server it was copied from
     * did after the copy (events, ids handed out) is not in it.
     */
    FROM_BACKUP
}
