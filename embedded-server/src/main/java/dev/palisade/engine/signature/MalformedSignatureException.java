package dev.palisade.engine.signature;

import dev.palisade.engine.PalisadeException;

/** A signature header that does not parse as RFC 8941 structured fields of the expected shape. */
public final class MalformedSignatureException extends PalisadeException {
    public MalformedSignatureException(String message) { super(message); }

    @Override
    public synchronized Throwable fillInStackTrace() { return this; }
}
