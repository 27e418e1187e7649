package dev.palisade.engine.event;

/** Where decisions and changes go. {@link #publish} never blocks the caller. */
public interface EventSink {
    void publish(Event event);

    /**
     * Publishes an event and stores it before returning, for a change already stored that must never be
     * found without its audit event (a crash right after it); never on the request path.
     */
    default void publishWritten(Event event) {
        publish(event);
    }
}
