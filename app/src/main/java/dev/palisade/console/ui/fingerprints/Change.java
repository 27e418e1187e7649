package dev.palisade.console.ui.fingerprints;

/** One component of a mismatch as the operator sees it; {@code changed} rows are highlighted. */
public record Change(String component, String from, String to, String action, boolean changed) {}
