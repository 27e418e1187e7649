package dev.palisade.engine.session;

/** An access token as handed to a client. */
public record IssuedToken(String token, long expiresAt, String kid) {
    @Override
    public String toString() {
        return "IssuedToken[kid=" + kid + ", expiresAt=" + expiresAt + "]";
    }
}
