package dev.palisade.engine.admin;

/**
 * An admin token as its caller proved it: who holds it, and whether it is still in force. A call that
 * outlives its request (the live event stream) asks again while it runs, so a token revoked, rotated
 * away or dropped by another node of the cluster ends it as it ends every later call.
 */
public interface Credential {

    Actor actor();

    /** Whether the token is still in force; cheap enough to ask every second. */
    boolean inForce();

    /**
     * Whether the token is still in force as the store has it: asked when a revocation's event comes,
     * which on a cluster may arrive from another node before this node has read the revocation itself.
     * By default as {@link #inForce}.
     */
    default boolean inForceAsStored() { return inForce(); }
}
