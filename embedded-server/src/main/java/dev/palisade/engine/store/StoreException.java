package dev.palisade.engine.store;

import dev.palisade.engine.PalisadeException;

/** The store could not do what was asked (disk full, file locked, corrupt database, ...). */
public final class StoreException extends PalisadeException {

    private final boolean outage;

    public StoreException(String message, Throwable cause) { this(message, cause, false); }

    /**
     * @param outage the database could not be used at all (a full disk, a lock another process holds, a file
     *               removed or unreadable), as opposed to a request it refused: the caller may try again later
     */
    public StoreException(String message, Throwable cause, boolean outage) {
        super(message, cause);
        this.outage = outage;
    }

    /** Whether the database itself could not be used, rather than this request's work failing on it. */
    public boolean outage() { return outage; }
}
