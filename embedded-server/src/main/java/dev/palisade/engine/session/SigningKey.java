package dev.palisade.engine.session;

/**
 * An HS256 key of the key ring. {@code retiredAt} is 0 for the current key; a retired key still
 * verifies tokens for the grace period after it.
 */
public record SigningKey(String kid, byte[] secret, long createdAt, long retiredAt) {

    public boolean isCurrent() { return retiredAt == 0; }

    public boolean verifiesAt(long now, long graceMillis) {
        return retiredAt == 0 || now < retiredAt + graceMillis;
    }

    public SigningKey retire(long at) {
        return new SigningKey(kid, secret, createdAt, at);
    }

    @Override
    public String toString() {
        return "SigningKey[" + kid + ", createdAt=" + createdAt + ", retiredAt=" + retiredAt + "]";
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SigningKey k && kid.equals(k.kid) && java.util.Arrays.equals(secret, k.secret)
                && createdAt == k.createdAt && retiredAt == k.retiredAt;
    }

    @Override
    public int hashCode() { return kid.hashCode(); }
}
