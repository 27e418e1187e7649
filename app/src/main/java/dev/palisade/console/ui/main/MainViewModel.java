package dev.palisade.console.ui.main;

import dev.palisade.console.client.EventStream;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;

/**
 * The window's frame: which server, whether the live connection holds (and when it is tried next
 * while it does not), how busy it is.
 */
public final class MainViewModel {

    private final ReadOnlyStringWrapper server;
    private final ReadOnlyObjectWrapper<EventStream.State> connection =
            new ReadOnlyObjectWrapper<>(EventStream.State.CONNECTING);
    private final ReadOnlyStringWrapper eventRate = new ReadOnlyStringWrapper("0 events/s");
    private final ReadOnlyStringWrapper banner = new ReadOnlyStringWrapper("");
    private Runnable onRestored = () -> { };
    private final AlertsViewModel alerts = new AlertsViewModel(java.time.ZoneId.systemDefault());
    private long windowStart;
    private long windowCount;

    public MainViewModel(String serverDescription) {
        this.server = new ReadOnlyStringWrapper(serverDescription);
    }

    /**
     * @param nextAttemptAt when the stream tries again (epoch ms), while {@code state} is RECONNECTING
     */
    public void connectionChanged(EventStream.State state, long nextAttemptAt) {
        EventStream.State was = connection.get();
        connection.set(state);
        banner.set(state == EventStream.State.RECONNECTING
                ? "Connection to the server lost; next attempt at " + CLOCK.format(java.time.Instant.ofEpochMilli(nextAttemptAt))
                        + ". Data shown may be stale."
                : "");
        // what happened while the stream was away reached no view: they reload from the server
        if (state == EventStream.State.CONNECTED && was == EventStream.State.RECONNECTING) onRestored.run();
    }

    /** Runs {@code action} each time the live connection comes back after it was lost. */
    public void setOnRestored(Runnable action) { this.onRestored = action; }

    private static final java.time.format.DateTimeFormatter CLOCK = java.time.format.DateTimeFormatter.ofPattern("HH:mm:ss")
            .withZone(java.time.ZoneId.systemDefault());

    /** Counts events delivered at {@code now}; the rate shown is that of the last whole second. */
    public void delivered(int events, long now) {
        if (now - windowStart >= 1_000) {
            eventRate.set(windowCount + " events/s");
            windowStart = now;
            windowCount = 0;
        }
        windowCount += events;
    }

    public ReadOnlyStringProperty server() { return server.getReadOnlyProperty(); }
    public ReadOnlyObjectProperty<EventStream.State> connection() { return connection.getReadOnlyProperty(); }
    public ReadOnlyStringProperty eventRate() { return eventRate.getReadOnlyProperty(); }
    /** The banner's sentence while the connection is lost, else empty. */
    public ReadOnlyStringProperty banner() { return banner.getReadOnlyProperty(); }
    /** The server's alerts: the notice and the views' badges. */
    public AlertsViewModel alerts() { return alerts; }
}
