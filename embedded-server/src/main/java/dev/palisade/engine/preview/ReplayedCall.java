package dev.palisade.engine.preview;

/**
 * A recent call as a preview replays it: who made it, what it asked, and what Palisade answered
 * ({@code code} is {@code allowed} or the refusal's code).
 */
public record ReplayedCall(long at, String sessionId, String user, String ip, String method, String path, String code) {

    public static final String ALLOWED = "allowed";

    public boolean allowed() { return ALLOWED.equals(code); }
}
