package dev.palisade.engine.store;

/**
 * How many sessions a cluster holds, and how many of them are live (not revoked, used within the idle
 * timeout).
 */
public record SessionCount(long total, long active) {}
