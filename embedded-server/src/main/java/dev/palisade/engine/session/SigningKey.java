package dev.palisade.engine.session;

/**
 * An HS256 key of the key ring. {@code retiredAt} is 0 for the current key; a retired key still
 * verifies tokens for the grace period after it. Once that period is over its secret is erased
 * ({@link #bury}): an empty {@code secret}, so a grace raised later cannot bring it back.
 */
public record SigningKey(String kid, byte[] secret, long createdAt, long retiredAt) {

    public boolean isCurrent() { return retiredAt == 0; }

    public boolean verifiesAt(long now, long graceMillis) {
        return retiredAt == 0 || !isBuried() && now < retiredAt + graceMillis;
    }

    public SigningKey retire(long at) {
        return new SigningKey(kid, secret, createdAt, at);
    }

    /** Whether its grace ended and its secret was erased: it never verifies again. */
    public boolean isBuried() { return retiredAt != 0 && secret.length == 0; }

    /** This retired key without its secret, kept for the rotation timeline. */
    public SigningKey bury() {
        if (retiredAt == 0) throw new IllegalStateException("the current key cannot be buried");
        return new SigningKey(kid, new byte[0], createdAt, retiredAt);
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
