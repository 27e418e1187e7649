package dev.palisade.engine.admin;

import dev.palisade.engine.Secrets;

import java.nio.charset.StandardCharsets;

/**
 * The owner's admin token: the first-start {@code admin.token}. Presented tokens are compared by
 * SHA-256 digest in constant time (equal length whatever was presented). A rotation writes the new
 * token through the {@link Vault} first and only then retires the old one, so the file and the
 * server never disagree about which token works.
 */
public final class OwnerToken {

    /** Where the owner's token is kept (the data directory's {@code admin.token}). */
    @FunctionalInterface
    public interface Vault {
        /** Replaces the stored token, atomically: a reader sees the old one or the new one, never a mix. */
        void replace(String token) throws java.io.IOException;
    }

    private final Vault vault;
    private volatile String current;
    private volatile byte[] digest;

    public OwnerToken(String current, Vault vault) {
        this.vault = vault;
        set(current);
    }

    /**
     * @return the owner's credential if {@code presented} is the token in force, else null. It keeps only the
     *         token's digest, and stays in force until a rotation.
     */
    public Credential authenticate(String presented) {
        if (presented == null) return null;
        byte[] proved = hash(presented);
        return Secrets.constantTimeEquals(digest, proved) ? new Proved(proved) : null;
    }

    /** The owner's token as one caller proved it: in force while it is the token in force. */
    private final class Proved implements Credential {
        private final byte[] proved;

        Proved(byte[] proved) {
            this.proved = proved;
        }

        @Override
        public Actor actor() { return Actor.OWNER; }

        @Override
        public boolean inForce() { return Secrets.constantTimeEquals(digest, proved); }
    }

    /** The token in force (for the bundled console, which runs in the same process). */
    public String current() { return current; }

    /**
     * A new token, stored then in force; the old one stops working at once.
     *
     * @param by the credential the rotation was asked with: two rotations asked at once with one token
     *           both answered 201, and every token but the last was out of force as it was handed out
     * @throws dev.palisade.engine.Denial {@code admin_unauthorized} if {@code by} is no longer in force
     * @throws dev.palisade.engine.store.StoreException if it cannot be stored (the old one stays in force)
     */
    public synchronized String rotate(Credential by) {
        if (!by.inForce()) {
            throw new dev.palisade.engine.Denial(dev.palisade.engine.Reason.ADMIN_UNAUTHORIZED,
                    "the owner's token was replaced a moment ago by another call: this call's token is out of force");
        }
        String fresh = Secrets.randomToken(32);
        try {
            vault.replace(fresh);
        } catch (java.io.IOException e) {
            throw new dev.palisade.engine.store.StoreException("cannot store the new admin token: " + e.getMessage(), e);
        }
        set(fresh);
        return fresh;
    }

    private void set(String token) {
        this.digest = hash(token);
        this.current = token;
    }

    private static byte[] hash(String token) {
        return Secrets.sha256(token.getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public String toString() { return "OwnerToken[…]"; }
}
