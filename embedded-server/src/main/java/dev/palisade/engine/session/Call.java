package dev.palisade.engine.session;

/** One remembered call of a session, as the console shows it. */
public record Call(long at, String method, String path, int status, String code) {}
