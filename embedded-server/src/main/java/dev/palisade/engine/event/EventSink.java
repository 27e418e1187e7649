package dev.palisade.engine.event;

/** Where decisions and changes go. Must never block the caller. */
public interface EventSink {
    void publish(Event event);
}
