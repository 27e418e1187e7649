package dev.palisade.http;

import dev.palisade.engine.FieldError;
import dev.palisade.engine.PalisadeException;
import dev.palisade.engine.Reason;

import java.util.List;

/** A request the HTTP layer refuses before or beside the engine: bad JSON, too large, not found... */
public final class HttpProblem extends PalisadeException {
    private final Reason reason;
    private final List<FieldError> errors;
    private final String allow;

    public HttpProblem(Reason reason, String detail) {
        this(reason, detail, List.of());
    }

    public HttpProblem(Reason reason, String detail, List<FieldError> errors) {
        this(reason, detail, errors, null);
    }

    private HttpProblem(Reason reason, String detail, List<FieldError> errors, String allow) {
        super(detail);
        this.reason = reason;
        this.errors = List.copyOf(errors);
        this.allow = allow;
    }

    /** A 405: {@code allow} is what the path answers, e.g. {@code GET, HEAD}, sent as {@code Allow} (RFC 9110 requires it). */
    public static HttpProblem methodNotAllowed(String detail, String allow) {
        return new HttpProblem(Reason.METHOD_NOT_ALLOWED, detail + "; it answers " + allow, List.of(), allow);
    }

    /** The methods the path answers, for a 405's {@code Allow}; null otherwise. */
    public String allow() { return allow; }

    public static HttpProblem badRequest(String detail) { return new HttpProblem(Reason.BAD_REQUEST, detail); }

    public static HttpProblem notFound(String detail) { return new HttpProblem(Reason.NOT_FOUND, detail); }

    public static HttpProblem field(String field, String message) {
        return new HttpProblem(Reason.BAD_REQUEST, field + ": " + message, List.of(new FieldError(field, message)));
    }

    public Reason reason() { return reason; }

    public List<FieldError> errors() { return errors; }

    @Override
    public synchronized Throwable fillInStackTrace() { return this; }
}
