package dev.palisade.console;

import javafx.application.Application;
import javafx.stage.Stage;

/** The JavaFX application: one window on the server {@link Launcher} prepared. */
public final class ConsoleApp extends Application {

    private static volatile ConsoleContext context;
    private static volatile AutoCloseable onExit;
    private ConsoleWindow window;

    /** Called by {@link Launcher} before {@link #launch}: JavaFX builds the application itself. */
    static void prepare(ConsoleContext ctx, AutoCloseable exitAction) {
        context = ctx;
        onExit = exitAction;
    }

    @Override
    public void start(Stage stage) {
        show(stage, context);
        stage.show();
    }

    /** Shows {@code ctx} in the window, replacing what it showed; a bundled server keeps running. */
    private void show(Stage stage, ConsoleContext ctx) {
        if (window != null) window.close();
        window = ConsoleWindow.open(stage, ctx, url -> getHostServices().showDocument(url), next -> show(stage, next),
                Profiles.forUser());
    }

    /** Closing the window stops the live updates, then the bundled server (which drains its events). */
    @Override
    public void stop() throws Exception {
        if (window != null) window.close();
        if (onExit != null) onExit.close();
    }
}
