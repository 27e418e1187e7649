package dev.palisade.console.client;

import java.util.List;

/**
 * The admin API refused a call (or could not be reached). Carries the problem's code and field
 * errors so a form can show each message next to its field.
 */
public final class AdminApiException extends RuntimeException {

    /** One field's complaint. */
    public record FieldError(String field, String message) {}

    private final int status;
    private final String code;
    private final List<FieldError> errors;
    private final long retryAfterSeconds;

    public AdminApiException(int status, String code, String detail, List<FieldError> errors) {
        this(status, code, detail, errors, 0);
    }

    /** @param retryAfterSeconds the answer's {@code Retry-After} in seconds; 0 when it had none */
    public AdminApiException(int status, String code, String detail, List<FieldError> errors, long retryAfterSeconds) {
        super(detail);
        this.status = status;
        this.code = code;
        this.errors = List.copyOf(errors);
        this.retryAfterSeconds = retryAfterSeconds;
    }

    /** The problem code of a report refused because the server is making too many at once (told by ReportBusy). */
    public static final String REPORT_BUSY = "report_busy";

    /** When the server said asking again may succeed ({@code Retry-After}), in seconds; 0 when it did not say. */
    public long retryAfterSeconds() { return retryAfterSeconds; }

    /** HTTP status, or 0 when the server could not be reached. */
    public int status() { return status; }

    /** The problem's {@code code} member, e.g. {@code invalid_config}, or {@code unreachable}. */
    public String code() { return code; }

    public List<FieldError> errors() { return errors; }
}
