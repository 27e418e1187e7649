package dev.palisade.console.ui.common;

/** A key with how often it occurred: a denial reason, an address, a session. */
public record Count(String key, long count) {}
