package dev.palisade.engine.fingerprint;

/** One component that differs from the bound fingerprint, and what that change means. */
public record Change(String component, String from, String to, Action action) {}
