package dev.palisade.engine.store;

/**
 * What a cluster counted for a login under the max-sessions rule: the live sessions (and places other
 * logins hold) from its address and of its user on every node, and its own place when both were under
 * their limits.
 *
 * @param token the place held for this login until its session is saved; null when a limit was reached
 */
public record SessionHold(int fromIp, int ofUser, String ip, String user, String token) {
    public boolean held() { return token != null; }
}
