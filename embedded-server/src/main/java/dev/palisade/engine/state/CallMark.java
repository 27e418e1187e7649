package dev.palisade.engine.state;

/** When a session last made an allowed call of a kind a sequence rule names ({@code GET /api/cart}). */
public record CallMark(String sessionId, String method, String pattern, long at) {}
