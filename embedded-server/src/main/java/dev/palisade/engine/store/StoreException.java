package dev.palisade.engine.store;

import dev.palisade.engine.PalisadeException;

/** The store could not do what was asked (disk full, file locked, corrupt database, ...). */
public final class StoreException extends PalisadeException {
    public StoreException(String message, Throwable cause) { super(message, cause); }
}
