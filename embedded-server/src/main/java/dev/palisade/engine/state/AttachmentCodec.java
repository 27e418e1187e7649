package dev.palisade.engine.state;

/**
 * How a {@link OneTimeStore}'s attachment is written as text, for a store outside the process (the
 * embedded store keeps the object itself and never calls it).
 */
public interface AttachmentCodec<A> {

    String encode(A attachment);

    /** @throws IllegalArgumentException when the text was not written by {@link #encode} */
    A decode(String text);
}
