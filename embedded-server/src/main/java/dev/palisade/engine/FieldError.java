package dev.palisade.engine;

/** A validation failure tied to one input field, so a form can show it next to that field. */
public record FieldError(String field, String message) {}
