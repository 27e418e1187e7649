package dev.palisade.engine;

import java.util.List;

/** Input that breaks a rule, with an error per field so a form can show each next to its field. */
public final class InvalidInputException extends PalisadeException {
    private final Reason reason;
    private final List<FieldError> errors;

    public InvalidInputException(Reason reason, List<FieldError> errors) {
        super(errors.size() == 1 ? errors.get(0).field() + ": " + errors.get(0).message()
                : errors.size() + " fields are invalid");
        this.reason = reason;
        this.errors = List.copyOf(errors);
    }

    public static InvalidInputException of(String field, String message) {
        return new InvalidInputException(Reason.BAD_REQUEST, List.of(new FieldError(field, message)));
    }

    public Reason reason() { return reason; }

    public List<FieldError> errors() { return errors; }
}
