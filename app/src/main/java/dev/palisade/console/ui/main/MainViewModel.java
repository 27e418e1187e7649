package dev.palisade.console.ui.main;

import dev.palisade.console.client.EventStream;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;

/** The window's frame: which server, whether the live connection holds, how busy it is. */
public final class MainViewModel {

    private final ReadOnlyStringWrapper server;
    private final ReadOnlyObjectWrapper<EventStream.State> connection =
            new ReadOnlyObjectWrapper<>(EventStream.State.CONNECTING);
    private final ReadOnlyStringWrapper eventRate = new ReadOnlyStringWrapper("0 events/s");
    private long windowStart;
    private long windowCount;

    public MainViewModel(String serverDescription) {
        this.server = new ReadOnlyStringWrapper(serverDescription);
    }

    public void connectionChanged(EventStream.State state) {
        connection.set(state);
    }

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
}
