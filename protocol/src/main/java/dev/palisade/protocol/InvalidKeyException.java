package dev.palisade.protocol;

/** A public key that cannot be used, naming the JWK member at fault (e.g. {@code x}). */
public final class InvalidKeyException extends IllegalArgumentException {

    private final String member;

    public InvalidKeyException(String member, String message) {
        super(message);
        this.member = member;
    }

    /** The JWK member at fault, or empty when the key as a whole is wrong (a point off the curve). */
    public String member() { return member; }
}
