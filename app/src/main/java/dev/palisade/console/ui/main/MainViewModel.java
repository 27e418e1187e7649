package dev.palisade.console.ui.main;

import dev.palisade.console.client.EventStream;
import dev.palisade.console.ui.common.Formats;
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
    private long lastSecond;
    private long missed;

    public MainViewModel(String serverDescription) {
        this.server = new ReadOnlyStringWrapper(serverDescription);
    }

    /**
     * @param nextAttemptAt when the stream tries again (epoch ms), while {@code state} is RECONNECTING
     */
    public void connectionChanged(EventStream.State state, long nextAttemptAt) {
        connectionChanged(state, nextAttemptAt, EventStream.Cause.LOST);
    }

    /**
     * @param nextAttemptAt when the stream tries again (epoch ms), while {@code state} is RECONNECTING
     * @param cause         why it waits, while {@code state} is RECONNECTING
     */
    public void connectionChanged(EventStream.State state, long nextAttemptAt, EventStream.Cause cause) {
        EventStream.State was = connection.get();
        if (was == EventStream.State.REFUSED) return; // this window's token is done with; only Connect… goes on
        connection.set(state);
        String next = "next attempt at " + CLOCK.format(java.time.Instant.ofEpochMilli(nextAttemptAt));
        banner.set(switch (state) {
            case RECONNECTING -> switch (cause) {
                case LOST -> "Connection to the server lost; " + next + ". Data shown may be stale.";
                case THROTTLED -> "The server makes this address wait: too many wrong admin tokens from it"
                        + " (perhaps another console's); " + next + ". Data shown may be stale.";
                case FULL -> "The server has too many live listeners to take this console's; " + next
                        + ". Live updates are paused.";
            };
            case REFUSED -> "The server refused this console's token (revoked, rotated or mistyped). This window"
                    + " has stopped asking; connect again with a valid token.";
            default -> "";
        });
        // what happened while the stream was away reached no view: they reload from the server
        if (state == EventStream.State.CONNECTED && was == EventStream.State.RECONNECTING) onRestored.run();
    }

    /** The server refused this window's token: it stops, and says so until the operator connects again. */
    public void tokenRefused() {
        connectionChanged(EventStream.State.REFUSED, 0);
    }

    /** Runs {@code action} each time the live connection comes back after it was lost. */
    public void setOnRestored(Runnable action) { this.onRestored = action; }

    private static final java.time.format.DateTimeFormatter CLOCK = java.time.format.DateTimeFormatter.ofPattern("HH:mm:ss")
            .withZone(java.time.ZoneId.systemDefault());

    /**
     * Counts events delivered at {@code now}; the rate shown is that of the last whole second. With
     * how many live events reached no view so far (the server dropped them for this console, which fell
     * behind): the status bar says so, so that the live view never looks complete when it is not.
     */
    public void delivered(int events, long missed, long now) {
        if (now - windowStart >= 1_000) {
            lastSecond = windowCount;
            windowStart = now;
            windowCount = 0;
        }
        windowCount += events;
        String text = Formats.count(lastSecond, "event") + "/s" + (missed == 0 ? "" : " · " + missed + " missed (reload a view to see them)");
        if (!text.equals(eventRate.get())) eventRate.set(text);
        this.missed = missed;
    }

    public ReadOnlyStringProperty server() { return server.getReadOnlyProperty(); }
    public ReadOnlyObjectProperty<EventStream.State> connection() { return connection.getReadOnlyProperty(); }
    public ReadOnlyStringProperty eventRate() { return eventRate.getReadOnlyProperty(); }
    /** The banner's sentence while the connection is lost or the token refused, else empty. */
    public ReadOnlyStringProperty banner() { return banner.getReadOnlyProperty(); }
    /** The server's alerts: the notice and the views' badges. */
    public AlertsViewModel alerts() { return alerts; }
}
